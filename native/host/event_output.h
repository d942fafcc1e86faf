// Where the events of one capture go: their fields extracted as Falco's filter checks would, then
// one JSON line per event on the sink, or, with --quiet, nothing printed.
//   {"evtnum":N, "instance":I (several instances), "cycle":C (--cycles), "ts":"<ns>",
//    "fields":{...}, "errors":{...} (when one failed), "data":"..." (--print-data),
//    "string":"..." (--print-string)}
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "event_reader.h"
#include "field_reader.h"
#include "requested_fields.h"
#include "options.h"
#include "output.h"
#include "plugin_library.h"

namespace host {

// Which instance and cycle a capture belongs to.
struct CapturePlace {
  int instance = 0;
  uint32_t cycle = 1;
};

class EventOutput {
 public:
  EventOutput(const PluginInstance& inst, const Options& opt,
              const std::vector<RequestedField>& requests, LineSink& sink, CapturePlace place);

  // Extracts the fields of the event (counted in `counters`) and prints its line.
  void deliver(const fp_event_input& input, const EventView& view, ExtractCounters& counters);
  // The batch is done: its lines go out.
  void end_batch();

 private:
  void print(const fp_event_input& input, const EventView& view, ExtractCounters& counters);

  const PluginInstance& inst_;
  const Options& opt_;
  LineSink& sink_;
  const CapturePlace place_;
  FieldReader field_reader_;
  std::string line_;  // reused for every event
};

}  // namespace host
