// The run: one InstanceRunner per --instances (each on its own thread when there are several),
// their totals added up for the summary.
#pragma once

#include <string>
#include <vector>

#include "requested_fields.h"
#include "options.h"
#include "output.h"
#include "plugin_library.h"
#include "run_results.h"

namespace host {

// Runs the plan in `opt` against `lib`. `config` is the final init config string.
// With --no-destroy, instances and their owners are deliberately leaked.
RunTotals run(const PluginLibrary& lib, const Options& opt, const std::vector<RequestedField>& requests,
              const std::string& config, LineSink& sink);

}  // namespace host
