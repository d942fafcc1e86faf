#include "runtime/builtins_fd.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace k8s {

namespace {
constexpr int kBuiltinsFd = 987;
constexpr const char* kBuiltinFiles[] = {
    "acorn/dist/acorn.js", "acorn-walk/dist/walk.js", "cjs-module-lexer/lexer.js",
    "cjs-module-lexer/dist/lexer.js", "undici/undici-fetch.js"};
}  // namespace

bool BuiltinsFd::open(const std::string& dir, std::string* error) {
  for (const char* file : kBuiltinFiles) {
    struct stat st {};
    const std::string path = dir + "/" + file;
    if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
      *error = "missing Node.js built-in module " + path + " (install the plugin with its " +
               "nodejs-builtins folder)";
      return false;
    }
  }
  struct stat probe {};
  if (::fstat(kBuiltinsFd, &probe) == 0) {
    *error = "file descriptor 987 is already in use; it is needed briefly to start Node.js";
    return false;
  }
  const int fd = ::open(dir.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    *error = "cannot open " + dir + ": " + std::strerror(errno);
    return false;
  }
  const int placed = ::fcntl(fd, F_DUPFD_CLOEXEC, kBuiltinsFd);
  ::close(fd);
  if (placed != kBuiltinsFd) {
    if (placed >= 0) ::close(placed);
    *error = "cannot place the built-ins folder on file descriptor 987 (is RLIMIT_NOFILE > 987?)";
    return false;
  }
  fd_ = placed;
  return true;
}

BuiltinsFd::~BuiltinsFd() {
  if (fd_ >= 0) ::close(fd_);
}

std::string plugin_directory() {
  Dl_info info{};
  if (::dladdr(reinterpret_cast<void*>(&plugin_directory), &info) == 0 || !info.dli_fname) {
    return ".";
  }
  std::string path = info.dli_fname;
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? "." : path.substr(0, slash);
}

}  // namespace k8s
