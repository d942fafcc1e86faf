#include "event_output.h"

#include "json_writer.h"

namespace host {

EventOutput::EventOutput(const PluginInstance& inst, const Options& opt,
                         const std::vector<RequestedField>& requests, LineSink& sink,
                         CapturePlace place)
    : inst_(inst), opt_(opt), sink_(sink), place_(place), field_reader_(inst, requests, opt.calls_per_event) {}

void EventOutput::deliver(const fp_event_input& input, const EventView& view,
                          ExtractCounters& counters) {
  if (opt_.quiet) {
    field_reader_.extract(input, nullptr, counters);
  } else {
    print(input, view, counters);
  }
}

void EventOutput::print(const fp_event_input& input, const EventView& view,
                        ExtractCounters& counters) {
  line_.clear();
  JsonWriter w(line_);
  w.begin_object().key("evtnum").u64(input.evtnum);
  if (opt_.instances > 1) w.key("instance").i64(place_.instance);
  if (opt_.cycle_mode) w.key("cycle").u64(place_.cycle);
  w.key("ts").u64_as_string(view.ts);
  field_reader_.extract(input, &w, counters);
  if (opt_.print_data) w.key("data").string(view.data);
  if (opt_.print_string) {
    const auto to_string = inst_.api().event_to_string;
    w.key("string").string_or_null(to_string != nullptr ? to_string(inst_.state(), &input) : nullptr);
  }
  w.end_object();
  sink_.write_line(line_);
}

void EventOutput::end_batch() {
  if (!opt_.quiet) sink_.flush();
}

}  // namespace host
