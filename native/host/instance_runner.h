// One plugin instance's share of a run: --cycles times init -> capture -> destroy, on the
// calling thread (the capture on a thread of its own with --cross-thread).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "capture_loop.h"
#include "requested_fields.h"
#include "options.h"
#include "output.h"
#include "plugin_library.h"
#include "run_results.h"

namespace host {

// What one instance's cycles add up to.
struct InstanceTotals {
  EndReason last_reason = EndReason::None;  // of the last cycle
  bool any_failure = false;
  bool any_signal = false;
  ErrorList errors;
  CaptureCounts counts;
  double read_s = 0;                 // summed over the cycles
  CpuUsage cpu;                      // summed over the cycles
  LifecycleTimes lifecycle;
  std::vector<long> rss_kb_per_cycle;  // filled for instance 0 only
  uint32_t cycles_done = 0;
  MetricValues metrics;              // --metrics: the last capture that read them
};

class InstanceRunner {
 public:
  InstanceRunner(const PluginLibrary& lib, const Options& opt,
                 const std::vector<RequestedField>& requests, const std::string& config,
                 LineSink& sink, int index);

  // All cycles; never throws.
  void run();
  const InstanceTotals& totals() const { return totals_; }
  // For --no-destroy: the plugin may still call the log function with this owner at exit.
  void leak_owner() { owner_.release(); }

 private:
  void run_cycle(uint32_t cycle);
  CaptureResult capture(const PluginInstance& inst, uint32_t cycle);
  void add_capture(uint32_t cycle, const CaptureResult& result);
  void fail(uint32_t cycle, const std::string& error);

  const PluginLibrary& lib_;
  const Options& opt_;
  const std::vector<RequestedField>& requests_;
  const std::string& config_;
  LineSink& sink_;
  const int index_;
  std::unique_ptr<HostOwner> owner_;
  InstanceTotals totals_;
  uint64_t reload_events_ = 0;  // events of this cycle's earlier instances (--reinit-after-events)
};

}  // namespace host
