// What a run counts and reports: why a capture ended, its errors, event and extraction counts,
// init/destroy timings. Added up per instance over its cycles, then over the instances, and
// printed by summary.h.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "cpu_usage.h"
#include "field_reader.h"

namespace host {

enum class EndReason { None, Eof, Failure, MaxEvents, Duration, Signal, Done, Reinit };
const char* end_reason_name(EndReason r);

// The first errors, and how many there were in all.
class ErrorList {
 public:
  static constexpr size_t kMaxKept = 10;

  void add(const std::string& error);
  void add_all(const ErrorList& other);
  const std::vector<std::string>& kept() const { return kept_; }
  uint64_t total() const { return total_; }
  // The first error, empty when there is none.
  std::string first() const { return kept_.empty() ? std::string() : kept_.front(); }

 private:
  std::vector<std::string> kept_;
  uint64_t total_ = 0;
};

struct CaptureCounts {
  uint64_t events = 0;
  uint64_t timeouts = 0;
  ExtractCounters extract;

  void add(const CaptureCounts& other);
};

// Milliseconds spent in plugin_init and plugin_destroy.
struct LifecycleTimes {
  double first_init_ms = -1;  // < 0: no init yet
  double later_init_ms_sum = 0;
  uint64_t later_init_count = 0;
  double destroy_ms_sum = 0;
  uint64_t destroy_count = 0;

  void add_init(double ms);
  void add_destroy(double ms);
  // Adds the later inits and the destroys of `other` (its first init stays its own).
  void add_later(const LifecycleTimes& other);
};

// Metric names and values read with plugin_get_metrics.
using MetricValues = std::vector<std::pair<std::string, double>>;

struct RunTotals {
  EndReason result = EndReason::None;
  ErrorList errors;
  CaptureCounts counts;             // over every instance and cycle
  double elapsed_s = 0;             // the longest read time of an instance (see summary.h)
  double wall_s = 0;
  LifecycleTimes lifecycle;         // first_init_ms: instance 0's first init
  std::vector<long> rss_kb_per_cycle;  // instance 0, after each cycle
  uint32_t cycles = 0;              // cycles completed by instance 0
  MetricValues metrics;             // --metrics: instance 0, last capture
  CpuUsage cpu;                     // instance 0, summed over its read loops
  uint32_t instances = 0;
};

}  // namespace host
