// The process-wide Node.js/V8 runtime: initialised once, on the first plugin_init, and kept for
// the life of the process (V8 cannot be initialised twice in one process).
#pragma once

#include <string>
#include <vector>

namespace node {
class MultiIsolatePlatform;
}

namespace k8s {

// Returns the platform, initialising Node on the first call; nullptr with *error on failure
// (the failure is remembered: later calls fail the same way).
node::MultiIsolatePlatform* process_platform(std::string* error);
// The Node options parsed at initialisation (passed to every environment).
const std::vector<std::string>& process_exec_args();

}  // namespace k8s
