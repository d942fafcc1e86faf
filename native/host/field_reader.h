// Field extraction for one event, exactly as Falco's plugin filter checks call it: one
// plugin_extract_fields call per requested field, num_fields = 1.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "abi/falco_plugin_abi.h"
#include "extract_pattern.h"
#include "json_writer.h"
#include "plugin_library.h"
#include "requested_fields.h"

namespace host {

struct ExtractCounters {
  uint64_t calls = 0;
  uint64_t failures = 0;     // calls that did not return FP_SUCCESS
  uint64_t bad_results = 0;  // FP_SUCCESS but a result breaking the contract (see extract)
};

class FieldReader {
 public:
  // `calls_per_event` (--extract-pattern, one weight per request): replay that pattern instead
  // of calling every request once per event.
  FieldReader(const PluginInstance& inst, const std::vector<RequestedField>& requests,
              const std::vector<double>& calls_per_event = {})
      : inst_(inst), requests_(requests), pattern_(calls_per_event) {}

  // Extracts every request for `evt`. With a writer, appends the members
  //   "fields":{"<request>":[values...]|null,...}  and, when something failed,
  //   "errors":{"<request>":"<text>",...}
  // Values are JSON strings (uint64 values as decimal strings). null = no value (res_len 0) or a
  // failed call. A failed call's error is get_last_error(); contract breaches found by the host
  // (non-list field with several values, NULL result pointers) are reported as "host: ...".
  // Without a writer (--quiet) the results are still read (strlen of each string, as Falco does).
  // With a pattern, a request asked several times is written once (its first call).
  void extract(const fp_event_input& evt, JsonWriter* w, ExtractCounters& counters);

 private:
  // One request: the call, its counters, and with a writer its values or error.
  void extract_one(const fp_event_input& evt, const RequestedField& request, JsonWriter* w,
                   ExtractCounters& counters);
  // One plugin_extract_fields call for `request`, its result in *field.
  fp_rc call_extract(const fp_event_input& evt, const RequestedField& request,
                     fp_extract_field* field) const;
  // Reads (and with a writer, writes) the values of a successful call; returns the contract
  // breach found, empty when none.
  std::string read_values(const RequestedField& request, const fp_extract_field& field,
                          JsonWriter* w) const;

  const PluginInstance& inst_;
  const std::vector<RequestedField>& requests_;
  ExtractPattern pattern_;
  std::vector<uint32_t> order_;    // the pattern's calls for the current event
  std::vector<uint8_t> written_;   // per request: already written for the current event
  std::vector<std::pair<const std::string*, std::string>> errors_;  // reused per event
};

}  // namespace host
