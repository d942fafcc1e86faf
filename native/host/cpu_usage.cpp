#include "cpu_usage.h"

#include <dirent.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

namespace host {
namespace {

std::string read_small_file(const std::string& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "r"), &std::fclose);
  if (!f) return {};
  char buf[1024];
  const size_t n = std::fread(buf, 1, sizeof buf - 1, f.get());
  return std::string(buf, n);
}

// utime + stime (fields 14 and 15) of a /proc stat line, in seconds; the command name may hold
// spaces and parentheses, so fields are counted after its last ')'.
double stat_cpu_s(const std::string& stat) {
  const size_t close = stat.rfind(')');
  if (close == std::string::npos) return 0;
  const char* p = stat.c_str() + close + 1;
  unsigned long long utime = 0, stime = 0;
  if (std::sscanf(p, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &utime, &stime) != 2) return 0;
  return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

}  // namespace

CpuSample sample_cpu() {
  CpuSample s;
  rusage ru{};
  if (getrusage(RUSAGE_SELF, &ru) == 0) {
    s.process_s = static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
                  static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
  }
  std::unique_ptr<DIR, int (*)(DIR*)> dir(opendir("/proc/self/task"), &closedir);
  if (!dir) return s;
  while (const dirent* e = readdir(dir.get())) {
    if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
    const pid_t tid = static_cast<pid_t>(std::atol(e->d_name));
    const std::string base = std::string("/proc/self/task/") + e->d_name;
    std::string comm = read_small_file(base + "/comm");
    while (!comm.empty() && comm.back() == '\n') comm.pop_back();
    s.thread_s[tid] = stat_cpu_s(read_small_file(base + "/stat"));
    s.name[tid] = tid == getpid() ? std::string("main") : comm;
  }
  return s;
}

CpuUsage& CpuUsage::operator+=(const CpuUsage& o) {
  process_s += o.process_s;
  for (const auto& [name, sec] : o.thread_s) thread_s[name] += sec;
  return *this;
}

CpuUsage cpu_between(const CpuSample& start, const CpuSample& end) {
  CpuUsage u;
  u.process_s = end.process_s - start.process_s;
  for (const auto& [tid, sec] : end.thread_s) {
    const auto before = start.thread_s.find(tid);
    u.thread_s[end.name.at(tid)] += sec - (before == start.thread_s.end() ? 0 : before->second);
  }
  return u;
}

}  // namespace host
