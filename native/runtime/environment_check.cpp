#include "runtime/environment_check.h"

#include <sys/stat.h>

namespace k8s {

namespace {
bool is_directory(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}
}  // namespace

bool check_node_environment(const std::string& builtins_dir, std::string* error) {
  if (!is_directory(builtins_dir)) {
    *error = "missing folder " + builtins_dir + ": install the whole plugin artifact in one " +
             "folder (libk8saudit-ovh.so, libnode.so.108 and the libraries beside it, " +
             "nodejs-builtins/)";
    return false;
  }
  if (!is_directory("/proc/self/fd")) {
    *error = "/proc is not mounted: the plugin's Node.js runtime reads its built-in modules " +
             std::string("through /proc/self/fd/ (run Falco with /proc mounted)");
    return false;
  }
  return true;
}

}  // namespace k8s
