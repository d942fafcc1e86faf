#include "runtime/cpu_profile.h"

#include <pthread.h>
#include <signal.h>
#include <v8-profiler.h>
#include <v8.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

namespace k8s {

namespace {

constexpr const char* kEnvVar = "K8SAUDIT_OVH_CPU_PROFILE";
constexpr int kSamplingIntervalUs = 500;
constexpr char kTitle[] = "k8saudit-ovh";

void append_json_string(std::string& out, const char* s) {
  out += '"';
  for (const char* p = s; *p != '\0'; ++p) {
    const unsigned char c = static_cast<unsigned char>(*p);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  out += '"';
}

// Node ids and children, depth first (an explicit stack: JS call trees can be deep).
void append_nodes(std::string& out, const v8::CpuProfileNode* root) {
  std::vector<const v8::CpuProfileNode*> stack{root};
  bool first = true;
  while (!stack.empty()) {
    const v8::CpuProfileNode* n = stack.back();
    stack.pop_back();
    if (!first) out += ',';
    first = false;
    out += "{\"id\":" + std::to_string(n->GetNodeId()) + ",\"callFrame\":{\"functionName\":";
    append_json_string(out, n->GetFunctionNameStr());
    out += ",\"scriptId\":\"" + std::to_string(n->GetScriptId()) + "\",\"url\":";
    append_json_string(out, n->GetScriptResourceNameStr());
    // V8 counts lines and columns from 1, the .cpuprofile format from 0.
    out += ",\"lineNumber\":" + std::to_string(n->GetLineNumber() - 1) +
           ",\"columnNumber\":" + std::to_string(n->GetColumnNumber() - 1) +
           "},\"hitCount\":" + std::to_string(n->GetHitCount()) + ",\"children\":[";
    for (int i = 0; i < n->GetChildrenCount(); ++i) {
      if (i > 0) out += ',';
      out += std::to_string(n->GetChild(i)->GetNodeId());
    }
    out += "]}";
    for (int i = n->GetChildrenCount() - 1; i >= 0; --i) stack.push_back(n->GetChild(i));
  }
}

std::string to_json(const v8::CpuProfile& p) {
  std::string out = "{\"nodes\":[";
  append_nodes(out, p.GetTopDownRoot());
  out += "],\"startTime\":" + std::to_string(p.GetStartTime()) +
         ",\"endTime\":" + std::to_string(p.GetEndTime()) + ",\"samples\":[";
  const int n = p.GetSamplesCount();
  for (int i = 0; i < n; ++i) {
    if (i > 0) out += ',';
    out += std::to_string(p.GetSample(i)->GetNodeId());
  }
  out += "],\"timeDeltas\":[";
  int64_t last = p.GetStartTime();
  for (int i = 0; i < n; ++i) {
    if (i > 0) out += ',';
    const int64_t t = p.GetSampleTimestamp(i);
    out += std::to_string(t - last);
    last = t;
  }
  out += "]}";
  return out;
}

}  // namespace

CpuProfileRecorder::~CpuProfileRecorder() {
  if (profiler_ != nullptr) profiler_->Dispose();
}

void CpuProfileRecorder::start(v8::Isolate* isolate) {
  const char* path = std::getenv(kEnvVar);
  if (path == nullptr || *path == '\0') return;
  path_ = path;
  isolate_ = isolate;
  // V8 samples this thread's stack from a SIGPROF handler; the plugin's threads block every
  // signal (runtime/signal_mask.h), so this one lets SIGPROF in while it is being profiled.
  sigset_t prof;
  sigemptyset(&prof);
  sigaddset(&prof, SIGPROF);
  pthread_sigmask(SIG_UNBLOCK, &prof, nullptr);
  profiler_ = v8::CpuProfiler::New(isolate);
  profiler_->SetSamplingInterval(kSamplingIntervalUs);
  profiler_->StartProfiling(v8::String::NewFromUtf8Literal(isolate, kTitle), true);
}

void CpuProfileRecorder::stop_and_write() {
  if (profiler_ == nullptr) return;
  v8::CpuProfile* profile = profiler_->StopProfiling(v8::String::NewFromUtf8Literal(isolate_, kTitle));
  if (profile != nullptr) {
    std::ofstream out(path_, std::ios::binary | std::ios::trunc);
    out << to_json(*profile);
    if (!out) std::fprintf(stderr, "[k8saudit-ovh] cannot write the CPU profile to %s\n", path_.c_str());
    profile->Delete();
  }
  profiler_->Dispose();
  profiler_ = nullptr;
}

}  // namespace k8s
