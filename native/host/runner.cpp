#include "runner.h"

#include <algorithm>
#include <chrono>
#include <memory>
#include <thread>

#include "instance_runner.h"

namespace host {
namespace {

using Clock = std::chrono::steady_clock;

void run_all(const std::vector<std::unique_ptr<InstanceRunner>>& runners) {
  if (runners.size() == 1) {
    runners[0]->run();
    return;
  }
  std::vector<std::thread> threads;
  for (const auto& r : runners) threads.emplace_back([&r] { r->run(); });
  for (auto& t : threads) t.join();
}

// Instance 0 speaks for the run's result, unless any instance failed or was stopped.
EndReason run_result(const std::vector<std::unique_ptr<InstanceRunner>>& runners) {
  bool failure = false, signal = false;
  for (const auto& r : runners) {
    const InstanceTotals& t = r->totals();
    failure = failure || t.any_failure;
    signal = signal || t.any_signal || t.last_reason == EndReason::Signal;
  }
  if (failure) return EndReason::Failure;
  if (signal) return EndReason::Signal;
  return runners[0]->totals().last_reason;
}

}  // namespace

RunTotals run(const PluginLibrary& lib, const Options& opt, const std::vector<RequestedField>& requests,
              const std::string& config, LineSink& sink) {
  const Clock::time_point start = Clock::now();
  std::vector<std::unique_ptr<InstanceRunner>> runners;
  for (uint32_t i = 0; i < opt.instances; ++i) {
    runners.push_back(std::make_unique<InstanceRunner>(lib, opt, requests, config, sink, static_cast<int>(i)));
  }
  run_all(runners);

  RunTotals t;
  t.wall_s = std::chrono::duration<double>(Clock::now() - start).count();
  t.instances = opt.instances;
  t.result = run_result(runners);
  for (const auto& r : runners) {
    const InstanceTotals& it = r->totals();
    t.errors.add_all(it.errors);
    t.counts.add(it.counts);
    t.elapsed_s = std::max(t.elapsed_s, it.read_s);
    t.lifecycle.add_later(it.lifecycle);
    if (opt.no_destroy) r->leak_owner();
  }
  const InstanceTotals& first = runners[0]->totals();
  t.lifecycle.first_init_ms = first.lifecycle.first_init_ms;
  t.rss_kb_per_cycle = first.rss_kb_per_cycle;
  t.cycles = first.cycles_done;
  t.metrics = first.metrics;
  t.cpu = first.cpu;
  return t;
}

}  // namespace host
