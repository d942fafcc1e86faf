#include "instance_runner.h"

#include <exception>
#include <thread>

#include "event_output.h"
#include "rss.h"

namespace host {

InstanceRunner::InstanceRunner(const PluginLibrary& lib, const Options& opt,
                               const std::vector<RequestedField>& requests,
                               const std::string& config, LineSink& sink, int index)
    : lib_(lib), opt_(opt), requests_(requests), config_(config), sink_(sink), index_(index),
      owner_(std::make_unique<HostOwner>(HostOwner{lib.info().name, index})) {}

void InstanceRunner::run() {
  for (uint32_t cycle = 1; cycle <= opt_.cycles; ++cycle) {
    if (stop_requested()) {
      totals_.last_reason = EndReason::Signal;
      break;
    }
    reload_events_ = 0;
    do {  // --reinit-after-events: a new instance reads on, as after Falco's hot reload
      try {
        run_cycle(cycle);
      } catch (const std::exception& e) {
        fail(cycle, std::string("host error: ") + e.what());
      }
    } while (totals_.last_reason == EndReason::Reinit && !stop_requested());
    if (totals_.last_reason == EndReason::Reinit) totals_.last_reason = EndReason::Signal;
    ++totals_.cycles_done;
    if (index_ == 0) totals_.rss_kb_per_cycle.push_back(current_rss_kb());
  }
}

void InstanceRunner::run_cycle(uint32_t cycle) {
  PluginInstance::InitResult init = PluginInstance::init(lib_, config_, opt_.log_fn, owner_.get());
  totals_.lifecycle.add_init(init.init_ms);
  if (!init.instance) {
    fail(cycle, init.error);
    return;
  }
  PluginInstance& inst = *init.instance;
  if (opt_.no_open) {
    totals_.last_reason = EndReason::Done;
  } else {
    add_capture(cycle, capture(inst, cycle));
  }
  if (opt_.no_destroy) {
    inst.leak();
  } else {
    totals_.lifecycle.add_destroy(inst.destroy());
  }
}

CaptureResult InstanceRunner::capture(const PluginInstance& inst, uint32_t cycle) {
  EventOutput output(inst, opt_, requests_, sink_, CapturePlace{index_, cycle});
  if (!opt_.cross_thread) return run_capture(inst, opt_, output, reload_events_);
  CaptureResult result;
  std::thread worker([&] { result = run_capture(inst, opt_, output, reload_events_); });
  worker.join();
  return result;
}

void InstanceRunner::add_capture(uint32_t cycle, const CaptureResult& result) {
  totals_.counts.add(result.counts);
  totals_.read_s += result.read_s;
  totals_.cpu += result.cpu;
  if (result.metrics) totals_.metrics = *result.metrics;
  if (result.reason == EndReason::Failure) {
    fail(cycle, result.error);
    return;
  }
  totals_.last_reason = result.reason;
  if (result.reason == EndReason::Reinit) reload_events_ += result.counts.events;
  if (result.reason == EndReason::Signal) totals_.any_signal = true;
}

void InstanceRunner::fail(uint32_t cycle, const std::string& error) {
  totals_.any_failure = true;
  totals_.last_reason = EndReason::Failure;
  std::string where;
  if (opt_.instances > 1) where += "instance " + std::to_string(index_);
  if (opt_.cycle_mode) where += (where.empty() ? "" : " ") + std::string("cycle ") + std::to_string(cycle);
  totals_.errors.add(where.empty() ? error : where + ": " + error);
}

}  // namespace host
