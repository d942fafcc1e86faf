// What the process must offer before the first Node.js environment starts. Node aborts the whole
// process (Falco included) when its built-in modules cannot be read, so what it needs for them is
// checked first and reported as a plugin_init error instead.
#pragma once

#include <string>

namespace k8s {

// False with *error naming what is missing: the plugin's nodejs-builtins folder, or a mounted
// /proc (the packaged libnode reads its built-in modules through /proc/self/fd/).
bool check_node_environment(const std::string& builtins_dir, std::string* error);

}  // namespace k8s
