#include "core/metrics_table.h"

#include "core/wire.h"
#include "generated/wire_contract.h"

namespace k8s {

bool MetricsTable::assign_js(const std::vector<uint8_t>& bytes) {
  clear();
  wire::Reader r(bytes.data(), bytes.size());
  const uint32_t count = r.u32();
  for (uint32_t i = 0; i < count && !r.failed(); ++i) {
    const auto kind = static_cast<wire::MetricKind>(r.u8());
    const uint32_t len = r.u32();
    const uint8_t* name = r.skip(static_cast<size_t>(len) + 1);
    const uint64_t value = r.u64();
    const bool known_kind =
        kind == wire::MetricKind::kMonotonic || kind == wire::MetricKind::kNonMonotonic;
    if (name == nullptr || r.failed() || !known_kind) break;
    add(std::string(reinterpret_cast<const char*>(name), len), value,
        kind == wire::MetricKind::kMonotonic);
  }
  if (r.failed() || r.remaining() != 0 || names_.size() != count) {
    clear();
    return false;
  }
  return true;
}

void MetricsTable::clear() {
  names_.clear();
  values_.clear();
  monotonic_.clear();
}

void MetricsTable::add(std::string name, uint64_t value, bool monotonic) {
  names_.push_back(std::move(name));
  values_.push_back(value);
  monotonic_.push_back(monotonic);
}

fp_metric* MetricsTable::data(uint32_t* count) {
  metrics_.resize(names_.size());
  for (size_t i = 0; i < names_.size(); ++i) {
    fp_metric& m = metrics_[i];
    m.name = names_[i].c_str();
    m.type = monotonic_[i] ? FP_METRIC_MONOTONIC : FP_METRIC_NON_MONOTONIC;
    m.value.u64 = values_[i];
    m.value_type = FP_METRIC_VALUE_U64;
  }
  *count = static_cast<uint32_t>(metrics_.size());
  return metrics_.data();
}

}  // namespace k8s
