#include "core/event_queue.h"

namespace k8s {

bool EventQueue::push(std::unique_ptr<EventBatch> batch) {
  std::lock_guard<std::mutex> lock(mu_);
  if (batch && batch->size() > 0) {
    events_ += batch->size();
    bytes_ += batch->byte_size();
    batches_.push_back(std::move(batch));
    cv_.notify_one();
  }
  if (full_locked()) reported_full_ = true;
  return !reported_full_;
}

void EventQueue::end() {
  std::lock_guard<std::mutex> lock(mu_);
  ended_ = true;
  cv_.notify_all();
}

void EventQueue::fail(std::string message) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!failed_) {
    failed_ = true;
    failure_ = std::move(message);
  }
  cv_.notify_all();
}

PopResult EventQueue::pop(size_t max_events, std::chrono::milliseconds wait,
                          std::vector<std::unique_ptr<EventBatch>>* out, std::string* failure) {
  std::function<void()> drained;
  PopResult result;
  {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait_for(lock, wait, [this] { return !batches_.empty() || ended_ || failed_; });
    if (batches_.empty()) {
      if (failed_) {
        *failure = failure_;
        return PopResult::kFailed;
      }
      return ended_ ? PopResult::kEnd : PopResult::kTimeout;
    }
    size_t taken = 0;
    while (!batches_.empty() && (taken == 0 || taken + batches_.front()->size() <= max_events)) {
      taken += batches_.front()->size();
      events_ -= batches_.front()->size();
      bytes_ -= batches_.front()->byte_size();
      out->push_back(std::move(batches_.front()));
      batches_.pop_front();
    }
    result = PopResult::kEvents;
    if (reported_full_ && events_ < limits_.max_events / 2 && bytes_ < limits_.max_bytes / 2) {
      reported_full_ = false;
      drained = on_drain_;
    }
  }
  if (drained) drained();
  return result;
}

void EventQueue::reset() {
  std::lock_guard<std::mutex> lock(mu_);
  batches_.clear();
  events_ = bytes_ = 0;
  reported_full_ = ended_ = failed_ = false;
  failure_.clear();
}

void EventQueue::set_limits(QueueLimits limits) {
  std::function<void()> drained;
  {
    std::lock_guard<std::mutex> lock(mu_);
    limits_ = limits;
    if (reported_full_ && !full_locked()) {
      reported_full_ = false;
      drained = on_drain_;
    }
  }
  if (drained) drained();
}

void EventQueue::set_drain_callback(std::function<void()> cb) {
  std::lock_guard<std::mutex> lock(mu_);
  on_drain_ = std::move(cb);
}

size_t EventQueue::queued_events() const {
  std::lock_guard<std::mutex> lock(mu_);
  return events_;
}

size_t EventQueue::queued_bytes() const {
  std::lock_guard<std::mutex> lock(mu_);
  return bytes_;
}

}  // namespace k8s
