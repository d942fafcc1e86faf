#include "core/metrics_table.h"

#include "core/wire.h"

namespace k8s {

bool MetricsTable::assign_js(const std::vector<uint8_t>& bytes) {
  names_.clear();
  values_.clear();
  monotonic_.clear();
  wire::Reader r(bytes.data(), bytes.size());
  const uint32_t count = r.u32();
  for (uint32_t i = 0; i < count && !r.failed(); ++i) {
    const bool monotonic = r.u8() != 0;
    const uint32_t len = r.u32();
    const uint8_t* name = r.skip(static_cast<size_t>(len) + 1);
    const uint64_t value = r.u64();
    if (name == nullptr || r.failed()) break;
    add(std::string(reinterpret_cast<const char*>(name), len), value, monotonic);
  }
  if (r.failed() || r.remaining() != 0) {
    names_.clear();
    values_.clear();
    monotonic_.clear();
    return false;
  }
  return true;
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
