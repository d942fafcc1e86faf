// Debian's libnode reads five built-in JS modules from absolute paths when it creates the first
// environment, and aborts the process if one is missing. Our packaged copy of libnode reads them
// from /proc/self/fd/987/ instead (same byte length as /usr/share/nodejs/), and this places the
// plugin's bundled nodejs-builtins/ folder on fd 987 for exactly that moment: nothing is written
// to disk and no shared path can be hijacked.
#pragma once

#include <string>

namespace k8s {

class BuiltinsFd {
 public:
  // Opens `dir` on fd 987 after checking the five files exist; false with *error otherwise
  // (including when fd 987 is already taken).
  bool open(const std::string& dir, std::string* error);
  ~BuiltinsFd();

 private:
  int fd_ = -1;
};

// The folder holding the plugin's shared object (found with dladdr).
std::string plugin_directory();

}  // namespace k8s
