#include "core/event_flow.h"

#include <algorithm>

namespace k8s {

namespace {
QueueLimits startup_limits(QueueLimits limits) {
  limits.max_events = std::min(limits.max_events, EventFlow::kStartupEvents);
  return limits;
}
}  // namespace

EventFlow::EventFlow(uint32_t plugin_id, QueueLimits limits)
    : plugin_id_(plugin_id), limits_(limits), queue_(startup_limits(limits)) {}

bool EventFlow::push(const uint8_t* data, size_t len, std::string* error, bool* accepted) {
  auto batch = EventBatch::decode(data, len, plugin_id_, error);
  *accepted = batch != nullptr;
  if (!batch) return false;
  return queue_.push(std::move(batch));
}

PopResult EventFlow::next(size_t max_events, std::chrono::milliseconds wait,
                          std::string* failure) {
  // Falco came back: the events it was handed last time are done.
  finished_ += handed_count_;
  handed_count_ = 0;
  if (cursor_ == held_ptrs_.size()) {
    held_.clear();
    held_ptrs_.clear();
    cursor_ = 0;
    const PopResult r = queue_.pop(max_events, wait, &held_, failure);
    if (r != PopResult::kEvents) return r;
    if (++pops_ == 2) queue_.set_limits(limits_);
    for (auto& batch : held_) {
      for (size_t i = 0; i < batch->size(); ++i) held_ptrs_.push_back(batch->event(i));
    }
  }
  handed_ = held_ptrs_.data() + cursor_;
  handed_count_ = std::min(std::max<size_t>(max_events, 1), held_ptrs_.size() - cursor_);
  cursor_ += handed_count_;
  returned_ += handed_count_;
  return PopResult::kEvents;
}

void EventFlow::reset() {
  held_.clear();
  held_ptrs_.clear();
  cursor_ = 0;
  handed_ = nullptr;
  handed_count_ = 0;
  queue_.reset();
  returned_ = 0;
  finished_ = 0;
}

const uint8_t* EventFlow::precomputed(const fp_event_header* evt, uint32_t slot,
                                      size_t* len) const {
  for (const auto& batch : held_) {
    const long i = batch->index_of(evt);
    if (i < 0) continue;
    if (slot >= batch->slot_count()) return nullptr;
    return batch->value_block(static_cast<size_t>(i), slot, len);
  }
  return nullptr;
}

FieldRequest request_of(const fp_extract_field& field) {
  FieldRequest r;
  r.field_id = field.field_id;
  if (field.arg_key != nullptr) {
    r.arg_kind = ArgKind::kKey;
    r.key = field.arg_key;
  } else if (field.arg_present) {
    r.arg_kind = ArgKind::kIndex;
    r.index = field.arg_index;
  }
  return r;
}

}  // namespace k8s
