#include "core/event_batch.h"

#include <algorithm>
#include <cstring>

#include "core/value_block.h"
#include "core/wire.h"

namespace k8s {

namespace {
constexpr size_t kAlign = 8;
size_t align_up(size_t n) { return (n + kAlign - 1) & ~(kAlign - 1); }

void put_u32(uint8_t* at, uint32_t v) { std::memcpy(at, &v, sizeof v); }
}  // namespace

std::unique_ptr<EventBatch> EventBatch::decode(const uint8_t* data, size_t len,
                                               uint32_t plugin_id, std::string* error) {
  wire::Reader r(data, len);
  const uint32_t count = r.u32();
  const uint32_t slots = r.u32();
  // Every event needs at least 12 bytes, every value block at least 5.
  if (r.failed() || count > r.remaining() / 12 ||
      (count > 0 && slots > r.remaining() / count / 5 + 1)) {
    *error = "malformed event batch header";
    return nullptr;
  }
  auto batch = std::make_unique<EventBatch>();
  batch->slot_count_ = slots;
  batch->offsets_.reserve(count);
  batch->events_.reserve(len + count * (fp::kDataOffset + kAlign));
  batch->value_offsets_.reserve(static_cast<size_t>(count) * slots + 1);
  batch->values_.reserve(len);  // the value blocks are a part of the batch bytes
  DecodedValues scratch;
  for (uint32_t i = 0; i < count; ++i) {
    const uint64_t ts = r.u64();
    const uint32_t data_len = r.u32();
    const uint8_t* bytes = r.skip(data_len);
    if (bytes == nullptr || data_len > UINT32_MAX - fp::kDataOffset) {
      *error = "malformed event in batch";
      return nullptr;
    }
    const size_t start = align_up(batch->events_.size());
    const size_t event_len = fp::kDataOffset + data_len;
    batch->events_.resize(start + event_len);
    uint8_t* ev = batch->events_.data() + start;
    fp_event_header header{};
    header.ts = ts;
    header.tid = UINT64_MAX;
    header.len = static_cast<uint32_t>(event_len);
    header.type = FP_PLUGIN_EVENT_TYPE;
    header.nparams = 2;
    std::memcpy(ev, &header, sizeof header);
    put_u32(ev + fp::kParamLensOffset, 4);
    put_u32(ev + fp::kParamLensOffset + 4, data_len);
    put_u32(ev + fp::kPluginIdOffset, plugin_id);
    if (data_len > 0) std::memcpy(ev + fp::kDataOffset, bytes, data_len);
    batch->offsets_.push_back(static_cast<uint32_t>(start));

    for (uint32_t s = 0; s < slots; ++s) {
      const size_t used = decode_value_block(r.position(), r.remaining(), &scratch);
      if (used == 0) {
        *error = "malformed field values in batch";
        return nullptr;
      }
      batch->value_offsets_.push_back(static_cast<uint32_t>(batch->values_.size()));
      const uint8_t* block = r.skip(used);
      batch->values_.insert(batch->values_.end(), block, block + used);
    }
  }
  batch->value_offsets_.push_back(static_cast<uint32_t>(batch->values_.size()));
  if (r.failed() || r.remaining() != 0) {
    *error = "malformed event batch: trailing bytes";
    return nullptr;
  }
  return batch;
}

long EventBatch::index_of(const fp_event_header* evt) const {
  const auto* p = reinterpret_cast<const uint8_t*>(evt);
  if (events_.empty() || p < events_.data() || p >= events_.data() + events_.size()) return -1;
  const auto off = static_cast<uint32_t>(p - events_.data());
  auto it = std::lower_bound(offsets_.begin(), offsets_.end(), off);
  if (it == offsets_.end() || *it != off) return -1;
  return static_cast<long>(it - offsets_.begin());
}

const uint8_t* EventBatch::value_block(size_t i, uint32_t slot, size_t* len) const {
  const size_t k = i * slot_count_ + slot;
  *len = value_offsets_[k + 1] - value_offsets_[k];
  return values_.data() + value_offsets_[k];
}

bool read_plugin_event(const fp_event_header* evt, uint32_t* plugin_id, const uint8_t** data,
                       uint32_t* data_len) {
  if (evt == nullptr) return false;
  fp_event_header h;
  std::memcpy(&h, evt, sizeof h);
  if (h.type != FP_PLUGIN_EVENT_TYPE || h.nparams != 2 || h.len < fp::kDataOffset) return false;
  const auto* base = reinterpret_cast<const uint8_t*>(evt);
  uint32_t lens[2];
  std::memcpy(lens, base + fp::kParamLensOffset, sizeof lens);
  if (lens[0] != 4 || lens[1] != h.len - fp::kDataOffset) return false;
  std::memcpy(plugin_id, base + fp::kPluginIdOffset, 4);
  *data = base + fp::kDataOffset;
  *data_len = lens[1];
  return true;
}

}  // namespace k8s
