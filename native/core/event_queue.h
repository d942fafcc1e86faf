// Bounded hand-over of event batches from the JS thread to Falco's next_batch. JS pushes whole
// batches; Falco pops several at once without entering JS. Above the high-water mark push()
// reports "full" so the source stops reading (TCP backpressure); when a pop brings the queue
// below the low-water mark, the drain callback tells JS to read again.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/event_batch.h"

namespace k8s {

// Enough for a few hundred milliseconds of a busy cluster; beyond it the source stops reading.
// Larger queues only held more of Falco's memory while it was the slower side
// (docs/performance.md: 8,192 events / 32 MiB peaked 28 MB higher).
struct QueueLimits {
  size_t max_events = 1024;
  size_t max_bytes = 4u << 20;
};

enum class PopResult { kEvents, kTimeout, kEnd, kFailed };

class EventQueue {
 public:
  explicit EventQueue(QueueLimits limits = {}) : limits_(limits) {}

  // Appends a batch; returns false when the queue is now at or above its limits (stop reading).
  bool push(std::unique_ptr<EventBatch> batch);
  // The source ended (EOF after the queued events) or failed (failure after them).
  void end();
  void fail(std::string message);
  // Takes batches totalling up to max_events events (at least one batch), waiting up to `wait`.
  PopResult pop(size_t max_events, std::chrono::milliseconds wait,
                std::vector<std::unique_ptr<EventBatch>>* out, std::string* failure);
  // Forgets everything (a new capture starts).
  void reset();
  // Called (outside the lock) after a pop that moved the queue from full to below half, or when
  // set_limits raised the limits above what a full queue holds.
  void set_drain_callback(std::function<void()> cb);
  void set_limits(QueueLimits limits);
  size_t queued_events() const;
  size_t queued_bytes() const;

 private:
  bool full_locked() const {
    return events_ >= limits_.max_events || bytes_ >= limits_.max_bytes;
  }
  QueueLimits limits_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::unique_ptr<EventBatch>> batches_;
  size_t events_ = 0;
  size_t bytes_ = 0;
  bool reported_full_ = false;
  bool ended_ = false;
  bool failed_ = false;
  std::string failure_;
  std::function<void()> on_drain_;
};

}  // namespace k8s
