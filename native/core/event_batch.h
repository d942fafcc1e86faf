// A batch of events handed over by JS (the event batch layout of src/bridge/wire-contract.ts),
// turned into Falco plugin events plus the field values JS precomputed for each event: one value
// block per field slot in [0, K), K being the number of slots known when JS encoded the batch.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "abi/falco_plugin_abi.h"
#include "core/value_block.h"
#include "core/wire.h"

namespace k8s {

class EventBatch {
 public:
  // Decodes a JS batch; nullptr and *error set when the bytes are malformed.
  static std::unique_ptr<EventBatch> decode(const uint8_t* data, size_t len, uint32_t plugin_id,
                                            std::string* error);

  size_t size() const { return event_offsets_.size(); }
  size_t byte_size() const { return events_.size() + values_.size(); }
  uint32_t slot_count() const { return slot_count_; }
  fp_event_header* event(size_t i) {
    return reinterpret_cast<fp_event_header*>(events_.data() + event_offsets_[i]);
  }
  // Index of evt in this batch, or -1 when evt is not one of its events.
  long index_of(const fp_event_header* evt) const;
  // The value block of slot `slot` for event i (slot < slot_count()), with its size.
  const uint8_t* value_block(size_t i, uint32_t slot, size_t* len) const;

 private:
  void reserve(uint32_t count, uint32_t slots, size_t event_bytes, size_t value_bytes);
  void append_event(uint64_t ts, uint32_t plugin_id, const uint8_t* data, uint32_t data_len);
  // Copies the event's value blocks, one per slot; false when one is malformed.
  bool append_value_blocks(wire::Reader& r, DecodedValues& scratch);

  std::vector<uint8_t> events_;          // scap events, each starting 8-byte aligned
  std::vector<uint32_t> event_offsets_;  // start of each event in events_
  std::vector<uint8_t> values_;          // every event's value blocks, back to back
  std::vector<uint32_t> value_offsets_;  // (i * K + slot) -> start in values_; one extra at end
  uint32_t slot_count_ = 0;
};

}  // namespace k8s
