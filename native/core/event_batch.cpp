#include "core/event_batch.h"

#include <algorithm>
#include <cstring>

#include "abi/plugin_event.h"
#include "core/value_block.h"

namespace k8s {

namespace {

constexpr size_t kAlign = 8;
size_t align_up(size_t n) { return (n + kAlign - 1) & ~(kAlign - 1); }

// The fewest bytes an encoded event takes: its ts and data length.
constexpr size_t kMinEncodedEventBytes = sizeof(uint64_t) + sizeof(uint32_t);

// The bytes the batch's scap events and value blocks will take (0, 0 when the layout is broken:
// the decoding proper reports it). Reserving exactly matters for memory: batches are freed on
// Falco's thread, and glibc then serves the next ones of that size from an arena, where room
// reserved beyond the need becomes resident and stays so.
void exact_sizes(const uint8_t* data, size_t len, uint32_t count, uint32_t slots, size_t* events,
                 size_t* values) {
  *events = *values = 0;
  wire::Reader r(data, len);
  r.u32();
  r.u32();
  DecodedValues scratch;
  size_t e = 0, v = 0;
  for (uint32_t i = 0; i < count; ++i) {
    r.u64();
    const uint32_t data_len = r.u32();
    if (r.skip(data_len) == nullptr) return;
    e = align_up(e) + fp::kDataOffset + data_len;
    for (uint32_t slot = 0; slot < slots; ++slot) {
      const size_t used = decode_value_block(r.position(), r.remaining(), &scratch);
      if (used == 0 || r.skip(used) == nullptr) return;
      v += used;
    }
  }
  *events = e;
  *values = v;
}

}  // namespace

std::unique_ptr<EventBatch> EventBatch::decode(const uint8_t* data, size_t len,
                                               uint32_t plugin_id, std::string* error) {
  wire::Reader r(data, len);
  const uint32_t count = r.u32();
  const uint32_t slots = r.u32();
  if (r.failed() || count > r.remaining() / kMinEncodedEventBytes ||
      (count > 0 && slots > r.remaining() / count / kMinValueBlockBytes + 1)) {
    *error = "malformed event batch header";
    return nullptr;
  }
  auto batch = std::make_unique<EventBatch>();
  size_t event_bytes = 0, value_bytes = 0;
  exact_sizes(data, len, count, slots, &event_bytes, &value_bytes);
  batch->reserve(count, slots, event_bytes, value_bytes);
  DecodedValues scratch;
  for (uint32_t i = 0; i < count; ++i) {
    const uint64_t ts = r.u64();
    const uint32_t data_len = r.u32();
    const uint8_t* bytes = r.skip(data_len);
    if (bytes == nullptr || data_len > UINT32_MAX - fp::kDataOffset) {
      *error = "malformed event in batch";
      return nullptr;
    }
    batch->append_event(ts, plugin_id, bytes, data_len);
    if (!batch->append_value_blocks(r, scratch)) {
      *error = "malformed field values in batch";
      return nullptr;
    }
  }
  batch->value_offsets_.push_back(static_cast<uint32_t>(batch->values_.size()));
  if (r.failed() || r.remaining() != 0) {
    *error = "malformed event batch: trailing bytes";
    return nullptr;
  }
  return batch;
}

void EventBatch::reserve(uint32_t count, uint32_t slots, size_t event_bytes, size_t value_bytes) {
  slot_count_ = slots;
  event_offsets_.reserve(count);
  events_.reserve(event_bytes);
  value_offsets_.reserve(static_cast<size_t>(count) * slots + 1);
  values_.reserve(value_bytes);
}

void EventBatch::append_event(uint64_t ts, uint32_t plugin_id, const uint8_t* data,
                              uint32_t data_len) {
  const size_t start = align_up(events_.size());
  events_.resize(start + fp::kDataOffset + data_len);
  uint8_t* event = events_.data() + start;
  fp::write_plugin_event_head(event, ts, plugin_id, data_len);
  if (data_len > 0) std::memcpy(event + fp::kDataOffset, data, data_len);
  event_offsets_.push_back(static_cast<uint32_t>(start));
}

bool EventBatch::append_value_blocks(wire::Reader& r, DecodedValues& scratch) {
  for (uint32_t slot = 0; slot < slot_count_; ++slot) {
    const size_t used = decode_value_block(r.position(), r.remaining(), &scratch);
    if (used == 0) return false;
    value_offsets_.push_back(static_cast<uint32_t>(values_.size()));
    const uint8_t* block = r.skip(used);
    values_.insert(values_.end(), block, block + used);
  }
  return true;
}

long EventBatch::index_of(const fp_event_header* evt) const {
  const auto* p = reinterpret_cast<const uint8_t*>(evt);
  if (events_.empty() || p < events_.data() || p >= events_.data() + events_.size()) return -1;
  const auto off = static_cast<uint32_t>(p - events_.data());
  auto it = std::lower_bound(event_offsets_.begin(), event_offsets_.end(), off);
  if (it == event_offsets_.end() || *it != off) return -1;
  return static_cast<long>(it - event_offsets_.begin());
}

const uint8_t* EventBatch::value_block(size_t i, uint32_t slot, size_t* len) const {
  const size_t k = i * slot_count_ + slot;
  *len = value_offsets_[k + 1] - value_offsets_[k];
  return values_.data() + value_offsets_[k];
}

}  // namespace k8s
