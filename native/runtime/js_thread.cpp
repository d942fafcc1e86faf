#include "runtime/js_thread.h"

#include <node.h>

#include <vector>

#include "generated/plugin_identity.h"
#include "runtime/builtins_fd.h"
#include "runtime/cpu_profile.h"
#include "runtime/environment_check.h"
#include "runtime/node_platform.h"
#include "runtime/signal_mask.h"
#include "runtime/thread_names.h"

namespace k8s {

namespace {

// Debian's libnode reads its built-in modules while the first environment is created; later
// environments reuse them. Serialise creation until the first one succeeded.
std::mutex first_env_mu;
bool first_env_done = false;

// Environments do not own the process: no process.chdir/umask/title changes, no inspector, no
// native addons, no global module folders. process.exit goes to our handler.
constexpr uint64_t kEnvFlags = node::EnvironmentFlags::kNoCreateInspector |
                               node::EnvironmentFlags::kNoNativeAddons |
                               node::EnvironmentFlags::kNoGlobalSearchPaths |
                               node::EnvironmentFlags::kNoRegisterESMLoader;

}  // namespace

bool JsThread::start(node::MultiIsolatePlatform* platform, const char* script,
                     JsThreadHooks hooks, const std::string& builtins_dir, std::string* error) {
  hooks_ = std::move(hooks);
  {
    ScopedBlockAllSignals block;  // the thread (and libuv's pool it starts) inherit this mask
    thread_ = std::thread([this, platform, script, builtins_dir] {
      run(platform, script, builtins_dir);
    });
  }
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait(lock, [this] { return start_reported_; });
  if (!started_ok_) {
    *error = start_error_;
    lock.unlock();
    stop();
    return false;
  }
  return true;
}

void JsThread::report_started(bool ok, std::string error) {
  std::lock_guard<std::mutex> lock(mu_);
  if (start_reported_) return;
  start_reported_ = true;
  started_ok_ = ok;
  start_error_ = std::move(error);
  cv_.notify_all();
}

void JsThread::run(node::MultiIsolatePlatform* platform, const char* script,
                   const std::string& builtins_dir) {
  name_js_thread();
  std::vector<std::string> errors;
  std::unique_ptr<node::CommonEnvironmentSetup> setup;
  {
    std::lock_guard<std::mutex> lock(first_env_mu);
    BuiltinsFd builtins;
    std::string error;
    if (!first_env_done && (!check_node_environment(builtins_dir, &error) ||
                            !builtins.open(builtins_dir, &error))) {
      report_started(false, error);
      if (hooks_.on_stopped) hooks_.on_stopped();
      return;
    }
    setup = node::CommonEnvironmentSetup::Create(
        platform, &errors, std::vector<std::string>{identity::kName}, process_exec_args(),
        static_cast<node::EnvironmentFlags::Flags>(kEnvFlags));
    if (setup) first_env_done = true;
  }
  if (!setup) {
    std::string error = "cannot create the Node.js environment";
    for (const auto& e : errors) error += ": " + e;
    report_started(false, error);
    if (hooks_.on_stopped) hooks_.on_stopped();
    return;
  }
  node::Environment* env = setup->env();
  v8::Isolate* isolate = setup->isolate();
  {
    v8::Locker locker(isolate);
    v8::Isolate::Scope isolate_scope(isolate);
    v8::HandleScope handle_scope(isolate);
    v8::Context::Scope context_scope(setup->context());
    {
      std::lock_guard<std::mutex> lock(mu_);
      env_ = env;
    }
    node::SetProcessExitHandler(env, [this](node::Environment* e, int code) {
      if (hooks_.on_process_exit) hooks_.on_process_exit(code);
      node::Stop(e);
    });
    node::AddLinkedBinding(env, hooks_.binding_name, hooks_.register_binding);
    if (hooks_.on_thread_start) hooks_.on_thread_start();
    CpuProfileRecorder profile;
    profile.start(isolate);
    v8::MaybeLocal<v8::Value> loaded = node::LoadEnvironment(env, script);
    if (loaded.IsEmpty()) {
      report_started(false, "the plugin's JavaScript failed to start");
    } else {
      report_started(true, {});
      node::SpinEventLoop(env).FromMaybe(1);
    }
    profile.stop_and_write();
    {
      std::lock_guard<std::mutex> lock(mu_);
      env_ = nullptr;
    }
    node::Stop(env);
  }
  setup.reset();
  if (hooks_.on_stopped) hooks_.on_stopped();
}

void JsThread::stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (env_ != nullptr) node::Stop(env_);
  }
  if (thread_.joinable()) thread_.join();
}

}  // namespace k8s
