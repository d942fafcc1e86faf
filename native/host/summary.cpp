#include "summary.h"

#include "json_writer.h"
#include "rss.h"

namespace host {
namespace {

void mean_or_null(JsonWriter& w, const char* key, double sum, uint64_t count) {
  w.key(key);
  if (count == 0) w.null();
  else w.number(sum / static_cast<double>(count), 3);
}

}  // namespace

std::string summary_line(const RunTotals& t, bool cycle_mode) {
  std::string out;
  JsonWriter w(out);
  const double rate_base = t.elapsed_s > 0 ? t.elapsed_s : 0;
  w.begin_object().key("summary").begin_object();
  w.key("result").string(end_reason_name(t.result));
  const std::string error = t.errors.first();
  w.key("error");
  if (error.empty()) w.null();
  else w.string(error);
  w.key("events").u64(t.counts.events);
  w.key("timeouts").u64(t.counts.timeouts);
  w.key("extract_calls").u64(t.counts.extract.calls);
  w.key("extract_failures").u64(t.counts.extract.failures);
  w.key("extract_bad_results").u64(t.counts.extract.bad_results);
  w.key("elapsed_s").number(t.elapsed_s, 6);
  w.key("wall_s").number(t.wall_s, 6);
  w.key("events_per_s").number(rate_base > 0 ? static_cast<double>(t.counts.events) / rate_base : 0, 1);
  w.key("extract_calls_per_s").number(rate_base > 0 ? static_cast<double>(t.counts.extract.calls) / rate_base : 0, 1);
  w.key("rss_kb").i64(current_rss_kb());
  w.key("peak_rss_kb").i64(peak_rss_kb());
  w.key("cpu_s").begin_object().key("process").number(t.cpu.process_s, 3);
  w.key("threads").begin_object();
  for (const auto& [name, sec] : t.cpu.thread_s) w.key(name).number(sec, 3);
  w.end_object().end_object();
  if (!t.metrics.empty()) {
    w.key("metrics").begin_object();
    for (const auto& [name, value] : t.metrics) w.key(name).number(value, 0);
    w.end_object();
  }
  w.key("init_ms");
  if (t.lifecycle.first_init_ms < 0) w.null();
  else w.number(t.lifecycle.first_init_ms, 3);
  mean_or_null(w, "destroy_ms", t.lifecycle.destroy_ms_sum, t.lifecycle.destroy_count);
  w.key("instances").u64(t.instances);
  if (cycle_mode) {
    w.key("cycles").u64(t.cycles);
    mean_or_null(w, "init_ms_later", t.lifecycle.later_init_ms_sum, t.lifecycle.later_init_count);
    w.key("rss_kb_after_first");
    if (t.rss_kb_per_cycle.empty()) w.null();
    else w.i64(t.rss_kb_per_cycle.front());
    w.key("rss_kb_after_last");
    if (t.rss_kb_per_cycle.empty()) w.null();
    else w.i64(t.rss_kb_per_cycle.back());
    w.key("rss_kb_per_cycle").begin_array();
    for (long kb : t.rss_kb_per_cycle) w.i64(kb);
    w.end_array();
  }
  w.key("errors").begin_array();
  for (const auto& e : t.errors.kept()) w.string(e);
  w.end_array();
  w.key("errors_total").u64(t.errors.total());
  w.end_object().end_object();
  return out;
}

std::string info_json(const PluginInfo& info) {
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  w.key("name").string(info.name);
  w.key("version").string(info.version);
  w.key("id").u64(info.id);
  w.key("event_source").string(info.event_source);
  w.key("description").string(info.description);
  w.key("contact").string(info.contact);
  w.key("required_api_version").string(info.required_api_version);
  w.key("framework_api_version").string(kFrameworkApiVersion);
  w.key("capabilities").begin_array();
  if (info.sourcing) w.string("sourcing");
  if (info.extraction) w.string("extraction");
  if (info.parsing) w.string("parsing");
  if (info.async) w.string("async");
  if (info.metrics) w.string("metrics");
  w.end_array();
  w.key("path").string(info.path);
  w.end_object();
  return out;
}

}  // namespace host
