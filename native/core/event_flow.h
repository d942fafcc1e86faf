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

  // Falco thread: replaces the held batch with the next queued events (next_batch).
  PopResult next(size_t max_events, std::chrono::milliseconds wait, std::string* failure);
  size_t held_count() const { return held_ptrs_.size(); }
  fp_event_header** held_events() { return held_ptrs_.data(); }
  // Drops the held batch and everything queued (close / open).
  void reset();

  // Since the last reset: events handed to Falco by next(), and those of them Falco is done with
  // (it called next() again after their batch). Read from the JS thread.
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
  std::atomic<uint64_t> returned_{0};
  std::atomic<uint64_t> finished_{0};
};

// Builds the request Falco made in `field` (arg_key set → key; arg_present → index).
FieldRequest request_of(const fp_extract_field& field);

}  // namespace k8s
