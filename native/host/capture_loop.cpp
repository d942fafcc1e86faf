#include "capture_loop.h"

#include <chrono>
#include <exception>
#include <optional>
#include <thread>

#include "event_reader.h"

namespace host {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

class CaptureLoop {
 public:
  CaptureLoop(const PluginInstance& inst, const Options& opt, EventOutput& output,
              uint64_t events_before)
      : inst_(inst), opt_(opt), output_(output), deadline_(deadline_of(opt)),
        max_events_(opt.max_events > 0 ? opt.max_events - events_before : 0) {}

  void run() {
    Capture capture(inst_, opt_.open_params);
    if (opt_.no_close) capture.release_without_close();
    if (!capture.ok()) {
      end(EndReason::Failure, capture.error());
      return;  // ~Capture closes it anyway, as libscap does after a failed open
    }
    const Clock::time_point read_start = Clock::now();
    const CpuSample cpu_start = sample_cpu();
    while (read_batch(capture)) {
    }
    result_.read_s = seconds_since(read_start);
    result_.cpu = cpu_between(cpu_start, sample_cpu());
    if (opt_.metrics && inst_.api().get_metrics != nullptr) read_metrics();
  }

  // The capture could not go on for a reason of the host's own.
  void fail(std::string error) { end(EndReason::Failure, std::move(error)); }

  const CaptureResult& result() const { return result_; }

 private:
  static Clock::time_point deadline_of(const Options& opt) {
    if (opt.duration_s <= 0) return Clock::time_point::max();
    return Clock::now() + std::chrono::duration_cast<Clock::duration>(
                              std::chrono::duration<double>(opt.duration_s));
  }

  // Why the capture must stop now, if it must. As Falco's event loop, looked at after each event
  // next() returned and before it is evaluated: a stop or reload drops that event, and a plugin
  // can count an event as evaluated only once the host came back to next_batch after it.
  std::optional<EndReason> stop_due() const {
    if (stop_requested()) return EndReason::Signal;
    if (opt_.reinit_after_events > 0 && result_.counts.events >= opt_.reinit_after_events) {
      return EndReason::Reinit;  // Falco's hot reload
    }
    if (Clock::now() >= deadline_) return EndReason::Duration;
    return std::nullopt;
  }

  bool max_events_reached() const { return max_events_ > 0 && result_.counts.events >= max_events_; }

  // Ends the capture; returns false, for "stop reading".
  bool end(EndReason reason, std::string error = std::string()) {
    result_.reason = reason;
    result_.error = std::move(error);
    return false;
  }

  std::string next_batch_failure(fp_rc rc) const {
    return "plugin_next_batch failed (rc=" + std::to_string(rc) + "): " + inst_.last_error();
  }

  // One plugin_next_batch call and its events; false when the capture ended.
  bool read_batch(Capture& capture) {
    if (max_events_reached()) return end(EndReason::MaxEvents);
    uint32_t count = 0;
    fp_event_header** events = nullptr;
    const fp_rc rc = capture.next_batch(&count, &events);
    if (rc == FP_TIMEOUT) ++result_.counts.timeouts;
    if (count == 0) {
      if (const auto stop = stop_due()) return end(*stop);  // no event: nothing dropped
      if (rc == FP_TIMEOUT) return true;
      if (rc == FP_EOF) return end(EndReason::Eof);
      if (rc == FP_SUCCESS) {
        return end(EndReason::Failure, "unexpected 0 size event returned by plugin " +
                                           inst_.library().info().name +
                                           " (plugin_next_batch: success with 0 events)");
      }
      return end(EndReason::Failure, next_batch_failure(rc));
    }
    if (events == nullptr) {
      return end(EndReason::Failure, "plugin_next_batch returned " + std::to_string(count) +
                                         " events but a NULL array");
    }
    // As in libscap, the events of a batch are delivered even when the batch came with
    // FP_TIMEOUT, FP_EOF or FP_FAILURE; the result code is acted on afterwards.
    const bool reading = deliver(events, count);
    output_.end_batch();
    if (!reading) return false;
    if (rc == FP_EOF) return end(EndReason::Eof);
    // libscap reads the error text only now, after the batch's events went through extraction,
    // so a plugin whose extraction overwrites it shows that here too.
    if (rc != FP_SUCCESS && rc != FP_TIMEOUT) return end(EndReason::Failure, next_batch_failure(rc));
    return true;
  }

  // The events of one batch; false when the capture ended.
  bool deliver(fp_event_header** events, uint32_t count) {
    const PluginInfo& info = inst_.library().info();
    for (uint32_t i = 0; i < count; ++i) {
      if (const auto stop = stop_due()) return end(*stop);  // this event is dropped, as in Falco
      EventView view;
      const std::string problem = prepare_event(events[i], info.id, &view);
      if (!problem.empty()) {
        return end(EndReason::Failure, "malformed event (batch index " + std::to_string(i) + " of " +
                                           std::to_string(count) + ", after evtnum " +
                                           std::to_string(evtnum_) + "): " + problem);
      }
      ++evtnum_;
      ++result_.counts.events;
      const fp_event_input input{view.evt, evtnum_, info.event_source.c_str()};
      output_.deliver(input, view, result_.counts.extract);
      if (opt_.event_delay_us > 0) {
        std::this_thread::sleep_for(std::chrono::microseconds(opt_.event_delay_us));
      }
      if (max_events_reached()) return end(EndReason::MaxEvents);
    }
    return true;
  }

  // As Falco's metrics collector: one call, values copied before anything else is called.
  void read_metrics() {
    uint32_t n = 0;
    const fp_metric* m = inst_.api().get_metrics(inst_.state(), &n);
    result_.metrics.emplace();
    for (uint32_t i = 0; m != nullptr && i < n; ++i) {
      const double value = m[i].value_type == FP_METRIC_VALUE_U64
                               ? static_cast<double>(m[i].value.u64)
                               : m[i].value.d;
      result_.metrics->emplace_back(m[i].name != nullptr ? m[i].name : "", value);
    }
  }

  const PluginInstance& inst_;
  const Options& opt_;
  EventOutput& output_;
  const Clock::time_point deadline_;
  const uint64_t max_events_;  // --max-events less the events of earlier instances (0: none)
  uint64_t evtnum_ = 0;
  CaptureResult result_;
};

}  // namespace

CaptureResult run_capture(const PluginInstance& inst, const Options& opt, EventOutput& output,
                          uint64_t events_before) {
  CaptureLoop loop(inst, opt, output, events_before);
  try {
    loop.run();
  } catch (const std::exception& e) {
    loop.fail(std::string("host error: ") + e.what());
  }
  return loop.result();
}

}  // namespace host
