// The run: cycles of init -> open -> read -> close -> destroy, on one or several instances
// (threads), with the read loop that mirrors Falco's handling of next_batch results.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "field_requests.h"
#include "options.h"
#include "output.h"
#include "plugin_library.h"

namespace host {

enum class EndReason { None, Eof, Failure, MaxEvents, Duration, Signal, Done, Reinit };
const char* end_reason_name(EndReason r);

struct RunTotals {
  EndReason result = EndReason::None;
  std::string error;                 // first error, empty when none
  uint64_t events = 0;
  uint64_t timeouts = 0;
  uint64_t extract_calls = 0;
  uint64_t extract_failures = 0;
  uint64_t extract_bad_results = 0;
  double elapsed_s = 0;              // read time (see summary.h)
  double wall_s = 0;
  double init_ms = -1;               // first init of instance 0; < 0 = none
  double init_ms_later_sum = 0;      // inits after each instance's first
  uint64_t init_later_count = 0;
  double destroy_ms_sum = 0;
  uint64_t destroy_count = 0;
  std::vector<long> rss_kb_per_cycle;  // instance 0, after each cycle
  std::vector<std::string> errors;     // first kMaxErrors
  uint64_t errors_total = 0;
  uint32_t cycles = 0;                 // cycles completed by instance 0
  std::vector<std::pair<std::string, double>> metrics;  // --metrics: instance 0, last capture
  uint32_t instances = 0;

  static constexpr size_t kMaxErrors = 10;
  void add_error(const std::string& e);
};

// Runs the plan in `opt` against `lib`. `config` is the final init config string.
// With --no-destroy, instances and their owners are deliberately leaked.
RunTotals run(const PluginLibrary& lib, const Options& opt, const std::vector<FieldRequest>& requests,
              const std::string& config, LineSink& sink);

}  // namespace host
