#include "runtime/node_platform.h"

#include <node.h>

#include <cstdlib>
#include <memory>
#include <mutex>
#include <vector>

#include "generated/plugin_identity.h"
#include "runtime/no_destructor.h"
#include "runtime/signal_mask.h"

namespace k8s {

namespace {

struct ProcessRuntime {
  std::unique_ptr<node::MultiIsolatePlatform> platform;
  std::unique_ptr<node::InitializationResult> init;  // Node keeps using the parsed options
  std::string error;
};

ProcessRuntime& runtime() {
  static NoDestructor<ProcessRuntime> instance;
  return instance.get();
}

// Node's own process setup must leave Falco alone: no signal handlers, no stdio changes, no
// NODE_OPTIONS from Falco's environment, no rlimit or large-page changes. V8 and the platform
// are initialised here rather than by Node so they live in our never-destroyed holder.
constexpr uint64_t kProcessFlags =
    node::ProcessInitializationFlags::kNoInitializeV8 |
    node::ProcessInitializationFlags::kNoInitializeNodeV8Platform |
    node::ProcessInitializationFlags::kNoStdioInitialization |
    node::ProcessInitializationFlags::kNoDefaultSignalHandling |
    node::ProcessInitializationFlags::kDisableNodeOptionsEnv |
    node::ProcessInitializationFlags::kNoAdjustResourceLimits |
    node::ProcessInitializationFlags::kNoUseLargePages |
    node::ProcessInitializationFlags::kNoPrintHelpOrVersionOutput |
    node::ProcessInitializationFlags::kNoParseGlobalDebugVariables;

void initialise(ProcessRuntime& rt) {
  // --use-bundled-ca: verify wss:// against Node's bundled roots, since Falco images often lack
  // an OpenSSL system store (NODE_EXTRA_CA_CERTS and our caFile option still add to it).
  std::vector<std::string> args = {identity::kName, "--use-bundled-ca"};
  auto result = node::InitializeOncePerProcess(
      args, static_cast<node::ProcessInitializationFlags::Flags>(kProcessFlags));
  if (result->early_return() || result->exit_code() != 0) {
    rt.error = "Node.js initialisation failed";
    for (const auto& e : result->errors()) rt.error += ": " + e;
    return;
  }
  // A 1 MiB young generation (V8's default grows to two 16 MiB semi-spaces): extraction leaves
  // little garbage, so more frequent scavenges cost no measurable CPU and Falco's RSS drops
  // (docs/performance.md).
  v8::V8::SetFlagsFromString("--max-semi-space-size=1");
  // Extra V8 flags for performance work (e.g. --perf-basic-prof for perf); never set in production.
  if (const char* flags = std::getenv("K8SAUDIT_OVH_V8_FLAGS")) v8::V8::SetFlagsFromString(flags);
  ScopedBlockAllSignals block;  // the platform's worker threads inherit this mask
  rt.platform = node::MultiIsolatePlatform::Create(2);
  v8::V8::InitializePlatform(rt.platform.get());
  v8::V8::Initialize();
  rt.init = std::move(result);
}

}  // namespace

node::MultiIsolatePlatform* process_platform(std::string* error) {
  static std::once_flag once;
  ProcessRuntime& rt = runtime();
  std::call_once(once, [&rt] { initialise(rt); });
  if (!rt.platform) *error = rt.error.empty() ? "Node.js runtime unavailable" : rt.error;
  return rt.platform.get();
}

const std::vector<std::string>& process_exec_args() {
  static const std::vector<std::string> none;
  ProcessRuntime& rt = runtime();
  return rt.init ? rt.init->exec_args() : none;
}

}  // namespace k8s
