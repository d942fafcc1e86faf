// Checks one event returned by plugin_next_batch and stamps it the way libscap's source-plugin
// engine does before Falco sees it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "abi/falco_plugin_abi.h"

namespace host {

struct EventView {
  fp_event_header* evt = nullptr;
  uint64_t ts = 0;             // after stamping
  std::string_view data;       // the event data bytes (parameter 2)
};

// Validates the event: non-null, type 322, nparams 2, len >= header + 2 length words, parameter 1
// (plugin ID) length 4, and len == 26 + 8 + 4 + data length. Then, as libscap does, writes the
// plugin ID into it when it is 0 (an event carrying a different non-zero ID is an error; a zero ID
// with a plugin ID of 0 too is an error), sets tid to UINT64_MAX (plugin events have no thread) and
// replaces a timestamp of UINT64_MAX with the current time.
// Returns an empty string on success, else what is wrong (the event was not modified then).
std::string prepare_event(fp_event_header* evt, uint32_t plugin_id, EventView* out);

}  // namespace host
