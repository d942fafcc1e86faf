// One capture as Falco's event loop drives it: plugin_open, then plugin_next_batch until the
// source ends or fails, a limit is reached or a stop signal arrives, each event checked and
// stamped as libscap does and handed to the output; with --metrics, plugin_get_metrics; then
// plugin_close.
#pragma once

#include <optional>
#include <string>

#include "cpu_usage.h"
#include "event_output.h"
#include "options.h"
#include "plugin_library.h"
#include "run_results.h"

namespace host {

struct CaptureResult {
  EndReason reason = EndReason::None;
  std::string error;     // with EndReason::Failure
  CaptureCounts counts;
  double read_s = 0;     // from open's return to the end of the read loop
  CpuUsage cpu;          // CPU time over the same span
  std::optional<MetricValues> metrics;  // --metrics: read after the read loop
};

// Never throws: a host error ends the capture as a failure.
// `events_before`: events read by this cycle's earlier instances (--reinit-after-events), which
// --max-events counts too.
CaptureResult run_capture(const PluginInstance& inst, const Options& opt, EventOutput& output,
                          uint64_t events_before = 0);

}  // namespace host
