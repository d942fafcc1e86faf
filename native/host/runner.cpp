#include "runner.h"

#include <algorithm>
#include <chrono>
#include <exception>
#include <thread>

#include "event_reader.h"
#include "extractor.h"
#include "json_writer.h"
#include "rss.h"

namespace host {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_between(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

struct CaptureResult {
  EndReason reason = EndReason::None;
  std::string error;
  uint64_t events = 0;
  uint64_t timeouts = 0;
  ExtractCounters extract;
  double read_s = 0;
};

class InstanceRunner {
 public:
  InstanceRunner(const PluginLibrary& lib, const Options& opt, const std::vector<FieldRequest>& reqs,
                 const std::string& config, LineSink& sink, int index)
      : lib_(lib), opt_(opt), reqs_(reqs), config_(config), sink_(sink), index_(index),
        owner_(std::make_unique<HostOwner>()) {
    owner_->plugin_name = lib.info().name;
    owner_->instance = index;
  }

  // All cycles; never throws.
  void run() {
    for (uint32_t c = 1; c <= opt_.cycles; ++c) {
      if (stop_requested()) {
        last_reason_ = EndReason::Signal;
        break;
      }
      reload_events_ = 0;
      do {
        try {
          one_cycle(c);
        } catch (const std::exception& e) {
          fail(c, std::string("host error: ") + e.what());
        }
      } while (last_reason_ == EndReason::Reinit && !stop_requested());
      if (last_reason_ == EndReason::Reinit) last_reason_ = EndReason::Signal;
      ++cycles_done_;
      if (index_ == 0) rss_per_cycle_.push_back(current_rss_kb());
    }
  }

  // For --no-destroy: the plugin may still call the log function with this owner at exit.
  void leak_owner() { owner_.release(); }

  // Results, read after run() returned.
  EndReason last_reason_ = EndReason::None;
  bool any_failure_ = false;
  bool any_signal_ = false;
  std::vector<std::string> errors_;
  uint64_t errors_total_ = 0;
  uint64_t events_ = 0, timeouts_ = 0;
  ExtractCounters extract_;
  double read_s_ = 0;
  double first_init_ms_ = -1;
  double later_init_ms_sum_ = 0;
  uint64_t later_init_count_ = 0;
  double destroy_ms_sum_ = 0;
  uint64_t destroy_count_ = 0;
  std::vector<long> rss_per_cycle_;
  uint32_t cycles_done_ = 0;
  std::vector<std::pair<std::string, double>> metrics_;
  uint64_t reload_events_ = 0;  // events of this cycle's earlier instances (--reinit-after-events)

 private:
  void fail(uint32_t cycle, const std::string& error) {
    any_failure_ = true;
    last_reason_ = EndReason::Failure;
    ++errors_total_;
    if (errors_.size() < RunTotals::kMaxErrors) {
      std::string where;
      if (opt_.instances > 1) where += "instance " + std::to_string(index_) + " ";
      if (opt_.cycle_mode) where += "cycle " + std::to_string(cycle) + " ";
      errors_.push_back(where.empty() ? error : where.substr(0, where.size() - 1) + ": " + error);
    }
  }

  void one_cycle(uint32_t cycle) {
    PluginInstance::InitResult init = PluginInstance::init(lib_, config_, opt_.log_fn, owner_.get());
    if (first_init_ms_ < 0) {
      first_init_ms_ = init.init_ms;
    } else {
      later_init_ms_sum_ += init.init_ms;
      ++later_init_count_;
    }
    if (!init.instance) {
      fail(cycle, init.error);
      return;
    }
    PluginInstance& inst = *init.instance;

    if (opt_.no_open) {
      last_reason_ = EndReason::Done;
    } else {
      CaptureResult cr;
      if (opt_.cross_thread) {
        std::thread worker([&] { capture_guarded(inst, cycle, cr); });
        worker.join();
      } else {
        capture_guarded(inst, cycle, cr);
      }
      events_ += cr.events;
      timeouts_ += cr.timeouts;
      extract_.calls += cr.extract.calls;
      extract_.failures += cr.extract.failures;
      extract_.bad_results += cr.extract.bad_results;
      read_s_ += cr.read_s;
      if (cr.reason == EndReason::Reinit) reload_events_ += cr.events;
      if (cr.reason == EndReason::Failure) {
        fail(cycle, cr.error);
      } else {
        last_reason_ = cr.reason;
        if (cr.reason == EndReason::Signal) any_signal_ = true;
      }
    }

    if (opt_.no_destroy) {
      inst.leak();
    } else {
      destroy_ms_sum_ += inst.destroy();
      ++destroy_count_;
    }
  }

  void capture_guarded(const PluginInstance& inst, uint32_t cycle, CaptureResult& cr) {
    try {
      capture(inst, cycle, cr);
    } catch (const std::exception& e) {
      cr.reason = EndReason::Failure;
      cr.error = std::string("host error: ") + e.what();
    }
  }

  void capture(const PluginInstance& inst, uint32_t cycle, CaptureResult& cr) {
    const Clock::time_point start = Clock::now();
    const bool timed = opt_.duration_s > 0;
    const Clock::time_point deadline =
        timed ? start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(opt_.duration_s))
              : Clock::time_point::max();

    Capture cap(inst, opt_.open_params);
    if (opt_.no_close) cap.release_without_close();
    if (!cap.ok()) {
      cr.reason = EndReason::Failure;
      cr.error = cap.error();
      return;  // ~Capture closes it anyway, as libscap does after a failed open
    }

    const Clock::time_point read_start = Clock::now();
    // With --reinit-after-events, --max-events counts the events of the earlier instances too.
    const uint64_t max_events = opt_.max_events > 0 ? opt_.max_events - reload_events_ : 0;
    const uint32_t plugin_id = lib_.info().id;
    const std::string& evtsrc = lib_.info().event_source;
    Extractor extractor(inst, reqs_);
    std::string line;
    uint64_t evtnum = 0;
    bool stop = false;

    const auto finish = [&](EndReason r, std::string error = std::string()) {
      cr.reason = r;
      cr.error = std::move(error);
      stop = true;
    };

    while (!stop) {
      if (stop_requested()) { finish(EndReason::Signal); break; }
      if (timed && Clock::now() >= deadline) { finish(EndReason::Duration); break; }

      uint32_t nevts = 0;
      fp_event_header** evts = nullptr;
      const fp_rc rc = cap.next_batch(&nevts, &evts);
      if (rc == FP_TIMEOUT) ++cr.timeouts;

      if (nevts == 0) {
        if (rc == FP_TIMEOUT) continue;
        if (rc == FP_EOF) { finish(EndReason::Eof); break; }
        if (rc == FP_SUCCESS) {
          finish(EndReason::Failure, "unexpected 0 size event returned by plugin " + lib_.info().name +
                                         " (plugin_next_batch: success with 0 events)");
        } else {
          finish(EndReason::Failure, "plugin_next_batch failed (rc=" + std::to_string(rc) + "): " + inst.last_error());
        }
        break;
      }
      if (evts == nullptr) {
        finish(EndReason::Failure, "plugin_next_batch returned " + std::to_string(nevts) + " events but a NULL array");
        break;
      }

      // As in libscap, the events of a batch are delivered even when the batch came with
      // FP_TIMEOUT, FP_EOF or FP_FAILURE; the result code is acted on afterwards.
      for (uint32_t i = 0; i < nevts; ++i) {
        EventView view;
        const std::string bad = prepare_event(evts[i], plugin_id, &view);
        if (!bad.empty()) {
          finish(EndReason::Failure, "malformed event (batch index " + std::to_string(i) + " of " +
                                         std::to_string(nevts) + ", after evtnum " + std::to_string(evtnum) + "): " + bad);
          break;
        }
        ++evtnum;
        ++cr.events;
        const fp_event_input input{view.evt, evtnum, evtsrc.c_str()};
        if (opt_.quiet) {
          extractor.extract(input, nullptr, cr.extract);
        } else {
          line.clear();
          JsonWriter w(line);
          w.begin_object().key("evtnum").u64(evtnum);
          if (opt_.instances > 1) w.key("instance").i64(index_);
          if (opt_.cycle_mode) w.key("cycle").u64(cycle);
          w.key("ts").u64_as_string(view.ts);
          extractor.extract(input, &w, cr.extract);
          if (opt_.print_data) w.key("data").string(view.data);
          if (opt_.print_string) {
            const char* s = inst.api().event_to_string != nullptr
                                ? inst.api().event_to_string(inst.state(), &input)
                                : nullptr;
            w.key("string").string_or_null(s);
          }
          w.end_object();
          sink_.write_line(line);
        }
        if (opt_.event_delay_us > 0) std::this_thread::sleep_for(std::chrono::microseconds(opt_.event_delay_us));
        if (max_events > 0 && cr.events >= max_events) { finish(EndReason::MaxEvents); break; }
        if (timed && Clock::now() >= deadline) { finish(EndReason::Duration); break; }
      }
      if (!opt_.quiet) sink_.flush();
      if (stop) break;

      if (rc == FP_EOF) { finish(EndReason::Eof); break; }
      if (rc != FP_SUCCESS && rc != FP_TIMEOUT) {
        // libscap reads the error text only now, after the batch's events went through
        // extraction, so a plugin whose extraction overwrites it shows that here too.
        finish(EndReason::Failure, "plugin_next_batch failed (rc=" + std::to_string(rc) + "): " + inst.last_error());
        break;
      }
      // A signal or a reload takes effect between batches (the loop's top checks the signal):
      // a plugin may count a batch it handed over as delivered.
      if (opt_.reinit_after_events > 0 && cr.events >= opt_.reinit_after_events) { finish(EndReason::Reinit); break; }
    }
    cr.read_s = seconds_between(read_start, Clock::now());
    if (opt_.metrics && inst.api().get_metrics != nullptr) read_metrics(inst);
  }

  // As Falco's metrics collector: one call, values copied before anything else is called.
  void read_metrics(const PluginInstance& inst) {
    uint32_t n = 0;
    const fp_metric* m = inst.api().get_metrics(inst.state(), &n);
    metrics_.clear();
    for (uint32_t i = 0; m != nullptr && i < n; ++i) {
      const double v = m[i].value_type == FP_METRIC_VALUE_U64 ? static_cast<double>(m[i].value.u64) : m[i].value.d;
      metrics_.emplace_back(m[i].name != nullptr ? m[i].name : "", v);
    }
  }

  const PluginLibrary& lib_;
  const Options& opt_;
  const std::vector<FieldRequest>& reqs_;
  const std::string& config_;
  LineSink& sink_;
  const int index_;
  std::unique_ptr<HostOwner> owner_;
};

}  // namespace

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

void RunTotals::add_error(const std::string& e) {
  if (error.empty()) error = e;
  ++errors_total;
  if (errors.size() < kMaxErrors) errors.push_back(e);
}

RunTotals run(const PluginLibrary& lib, const Options& opt, const std::vector<FieldRequest>& requests,
              const std::string& config, LineSink& sink) {
  const Clock::time_point start = Clock::now();
  std::vector<std::unique_ptr<InstanceRunner>> runners;
  for (uint32_t i = 0; i < opt.instances; ++i) {
    runners.push_back(std::make_unique<InstanceRunner>(lib, opt, requests, config, sink, static_cast<int>(i)));
  }
  if (runners.size() == 1) {
    runners[0]->run();
  } else {
    std::vector<std::thread> threads;
    for (auto& r : runners) threads.emplace_back([&r] { r->run(); });
    for (auto& t : threads) t.join();
  }

  RunTotals t;
  t.wall_s = seconds_between(start, Clock::now());
  t.instances = opt.instances;
  bool failure = false, signal = false;
  for (auto& r : runners) {
    failure = failure || r->any_failure_;
    signal = signal || r->any_signal_ || r->last_reason_ == EndReason::Signal;
    for (const auto& e : r->errors_) {
      if (t.error.empty()) t.error = e;
      if (t.errors.size() < RunTotals::kMaxErrors) t.errors.push_back(e);
    }
    t.errors_total += r->errors_total_;
    t.events += r->events_;
    t.timeouts += r->timeouts_;
    t.extract_calls += r->extract_.calls;
    t.extract_failures += r->extract_.failures;
    t.extract_bad_results += r->extract_.bad_results;
    t.elapsed_s = std::max(t.elapsed_s, r->read_s_);
    t.init_ms_later_sum += r->later_init_ms_sum_;
    t.init_later_count += r->later_init_count_;
    t.destroy_ms_sum += r->destroy_ms_sum_;
    t.destroy_count += r->destroy_count_;
    if (opt.no_destroy) r->leak_owner();
  }
  t.init_ms = runners[0]->first_init_ms_;
  t.rss_kb_per_cycle = runners[0]->rss_per_cycle_;
  t.cycles = runners[0]->cycles_done_;
  t.metrics = runners[0]->metrics_;
  if (failure) t.result = EndReason::Failure;
  else if (signal) t.result = EndReason::Signal;
  else t.result = runners[0]->last_reason_;
  return t;
}

}  // namespace host
