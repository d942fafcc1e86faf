// The final summary line and the --info object.
#pragma once

#include <string>

#include "plugin_library.h"
#include "run_results.h"

namespace host {

// {"summary":{...}} (no trailing newline). RSS figures are read when this is called.
//  elapsed_s: time spent reading (from open's return to the end of the read loop), summed over
//             an instance's cycles; with several instances, the largest such sum.
//  events_per_s, extract_calls_per_s: totals over all instances divided by elapsed_s.
//  Cycle keys (cycles, init_ms_later, rss_kb_after_first/last, rss_kb_per_cycle) are present only
//  with `cycle_mode`.
std::string summary_line(const RunTotals& t, bool cycle_mode);

std::string info_json(const PluginInfo& info);

}  // namespace host
