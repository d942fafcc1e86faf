// The native half of the event path, shared by the plugin instance and the test addon:
// batches queued by JS, the batch Falco currently holds, the field requests seen so far, and
// the lookup of precomputed values for (event, request).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/event_batch.h"
#include "core/event_queue.h"
#include "core/field_slots.h"
#include "core/value_block.h"

namespace k8s {

class EventFlow {
 public:
  // Until Falco comes back for its second batch (by then it has asked for every field its first
  // events need), the queue holds at most kStartupEvents: an event queued before Falco's field
  // requests are known carries no precomputed values and costs Falco a call into JS.
  static constexpr size_t kStartupEvents = 256;

  explicit EventFlow(uint32_t plugin_id, QueueLimits limits = {});

  EventQueue& queue() { return queue_; }
  FieldSlots& slots() { return slots_; }

  // JS thread: decodes and queues a batch. See BridgeHost::push_batch.
  bool push(const uint8_t* data, size_t len, std::string* error, bool* accepted);

  // Falco thread (next_batch): hands out at most `max_events` events, the next ones of the batches
  // taken from the queue, taking more (waiting at most `wait`) once all were handed out. Taken
  // batches stay held, and their events valid, until every event of theirs was handed out.
  PopResult next(size_t max_events, std::chrono::milliseconds wait, std::string* failure);
  size_t held_count() const { return handed_count_; }
  fp_event_header** held_events() { return handed_; }
  // Drops the held batch and everything queued (close / open).
  void reset();

  // Since the last reset: events handed to Falco by next(), and those of them Falco is done with
  // (it called next() again after they were handed out). Read from the JS thread.
  uint64_t events_returned() const { return returned_.load(); }
  uint64_t events_finished() const { return finished_.load(); }

  // The precomputed value block for `evt` and `slot`, or nullptr when evt is not held or its
  // batch was encoded before the slot existed.
  const uint8_t* precomputed(const fp_event_header* evt, uint32_t slot, size_t* len) const;

 private:
  uint32_t plugin_id_;
  QueueLimits limits_;
  size_t pops_ = 0;  // next() calls that took events
  EventQueue queue_;
  FieldSlots slots_;
  std::vector<std::unique_ptr<EventBatch>> held_;
  std::vector<fp_event_header*> held_ptrs_;
  size_t cursor_ = 0;                   // held events before it were handed out
  fp_event_header** handed_ = nullptr;  // what the last next() handed out
  size_t handed_count_ = 0;
  std::atomic<uint64_t> returned_{0};
  std::atomic<uint64_t> finished_{0};
};

// Builds the request Falco made in `field` (arg_key set → key; arg_present → index).
FieldRequest request_of(const fp_extract_field& field);

}  // namespace k8s
