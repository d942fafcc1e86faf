// CPU time of the whole process and of each of its threads, from getrusage and
// /proc/self/task/*/stat, so a run can say where the CPU went (Falco's thread, the plugin's
// JavaScript thread, the rest) between two points.
#pragma once

#include <map>
#include <string>
#include <sys/types.h>

namespace host {

struct CpuSample {
  double process_s = 0;                 // user + system, every thread, dead ones included
  std::map<pid_t, double> thread_s;     // user + system per live thread
  std::map<pid_t, std::string> name;    // thread name (comm)
};

CpuSample sample_cpu();

// CPU seconds spent between two samples: the process, and the live threads by name (the
// process's main thread as "main"; threads sharing a name are added up).
struct CpuUsage {
  double process_s = 0;
  std::map<std::string, double> thread_s;
  CpuUsage& operator+=(const CpuUsage& o);
};

CpuUsage cpu_between(const CpuSample& start, const CpuSample& end);

}  // namespace host
