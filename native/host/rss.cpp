#include "rss.h"

#include <cstdio>
#include <cstring>
#include <memory>

namespace host {
namespace {

long status_kb(const char* key) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen("/proc/self/status", "r"), &std::fclose);
  if (!f) return -1;
  char line[256];
  long value = -1;
  const size_t n = std::strlen(key);
  while (std::fgets(line, sizeof line, f.get()) != nullptr) {
    if (std::strncmp(line, key, n) == 0 && line[n] == ':') {
      long v = -1;
      if (std::sscanf(line + n + 1, "%ld", &v) == 1) value = v;
      break;
    }
  }
  return value;
}

}  // namespace

long current_rss_kb() { return status_kb("VmRSS"); }
long peak_rss_kb() { return status_kb("VmHWM"); }

}  // namespace host
