// V8's sampling CPU profiler over one plugin instance's JavaScript, for performance work: when
// K8SAUDIT_OVH_CPU_PROFILE names a file, the profile runs from the environment's start to its
// stop and is written there in the .cpuprofile format Chrome DevTools, VS Code and speedscope
// read. Unset (the normal case), nothing is started and nothing costs.
#pragma once

#include <string>

namespace v8 {
class CpuProfiler;
class Isolate;
}  // namespace v8

namespace k8s {

class CpuProfileRecorder {
 public:
  CpuProfileRecorder() = default;
  ~CpuProfileRecorder();
  CpuProfileRecorder(const CpuProfileRecorder&) = delete;
  CpuProfileRecorder& operator=(const CpuProfileRecorder&) = delete;

  // On the JS thread, inside a HandleScope of `isolate`. Does nothing when the variable is unset.
  void start(v8::Isolate* isolate);
  // On the JS thread, inside a HandleScope: stops and writes the file; problems go to stderr
  // (this is a developer tool: Falco's log callback may already be gone).
  void stop_and_write();

 private:
  v8::Isolate* isolate_ = nullptr;
  v8::CpuProfiler* profiler_ = nullptr;
  std::string path_;
};

}  // namespace k8s
