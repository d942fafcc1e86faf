// One Node.js environment running on a thread of its own. Each plugin instance has one, so
// instances are independent and Falco may call from any thread: calls reach JS through
// thread-safe functions (see plugin/js_caller.h), never by entering the isolate from Falco's
// threads.
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include <node_api.h>

namespace node {
class Environment;
class MultiIsolatePlatform;
}  // namespace node

namespace k8s {

struct JsThreadHooks {
  const char* binding_name = nullptr;               // process._linkedBinding(name)
  napi_addon_register_func register_binding = nullptr;
  std::function<void()> on_thread_start;            // on the JS thread, before the script runs
  std::function<void(int code)> on_process_exit;    // JS called process.exit(code)
  std::function<void()> on_stopped;                 // the environment is gone (any reason)
};

class JsThread {
 public:
  JsThread() = default;
  ~JsThread() { stop(); }
  JsThread(const JsThread&) = delete;
  JsThread& operator=(const JsThread&) = delete;

  // Starts the environment and runs `script` (built-in `require` only). Returns once the script's
  // top level has run (true) or the environment could not start or the script threw (false).
  bool start(node::MultiIsolatePlatform* platform, const char* script, JsThreadHooks hooks,
             const std::string& builtins_dir, std::string* error);
  // Stops the environment (terminating any running JS) and joins the thread. Idempotent.
  void stop();

 private:
  void run(node::MultiIsolatePlatform* platform, const char* script,
           const std::string& builtins_dir);
  void report_started(bool ok, std::string error);

  JsThreadHooks hooks_;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool start_reported_ = false;
  bool started_ok_ = false;
  std::string start_error_;
  node::Environment* env_ = nullptr;  // valid while the loop may run; guarded by mu_
};

}  // namespace k8s
