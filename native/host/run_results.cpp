#include "run_results.h"

namespace host {

const char* end_reason_name(EndReason r) {
  switch (r) {
    case EndReason::None: return "none";
    case EndReason::Eof: return "eof";
    case EndReason::Failure: return "failure";
    case EndReason::MaxEvents: return "max_events";
    case EndReason::Duration: return "duration";
    case EndReason::Signal: return "signal";
    case EndReason::Done: return "done";
    case EndReason::Reinit: return "reinit";
  }
  return "none";
}

void ErrorList::add(const std::string& error) {
  ++total_;
  if (kept_.size() < kMaxKept) kept_.push_back(error);
}

void ErrorList::add_all(const ErrorList& other) {
  for (const auto& e : other.kept_) {
    if (kept_.size() < kMaxKept) kept_.push_back(e);
  }
  total_ += other.total_;
}

void CaptureCounts::add(const CaptureCounts& other) {
  events += other.events;
  timeouts += other.timeouts;
  extract.calls += other.extract.calls;
  extract.failures += other.extract.failures;
  extract.bad_results += other.extract.bad_results;
}

void LifecycleTimes::add_init(double ms) {
  if (first_init_ms < 0) {
    first_init_ms = ms;
  } else {
    later_init_ms_sum += ms;
    ++later_init_count;
  }
}

void LifecycleTimes::add_destroy(double ms) {
  destroy_ms_sum += ms;
  ++destroy_count;
}

void LifecycleTimes::add_later(const LifecycleTimes& other) {
  later_init_ms_sum += other.later_init_ms_sum;
  later_init_count += other.later_init_count;
  destroy_ms_sum += other.destroy_ms_sum;
  destroy_count += other.destroy_count;
}

}  // namespace host
