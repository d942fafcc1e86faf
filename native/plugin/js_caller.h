// Calls from Falco's threads into the JS dispatcher of one plugin instance. A call is queued,
// the JS thread is woken through a Node-API thread-safe function, runs dispatch(op, arg)
// and hands back the result; the caller waits on a condition variable (never spins).
#pragma once

#include <napi.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>


namespace k8s {

struct JsCall {
  explicit JsCall(std::string op_name, std::string text_arg = {})
      : op(std::move(op_name)), text(std::move(text_arg)) {}

  std::string op;                  // one of wire::operation
  std::string text;                // init config, open params
  std::vector<uint8_t> data;       // extract: the event data
  // Results, written on the JS thread.
  bool done = false;
  bool ok = false;
  std::string error;               // the JS exception's message when !ok
  std::vector<uint8_t> bytes;      // a Uint8Array result
};

class JsCaller {
 public:
  // JS thread: the bundle registered its dispatcher.
  void attach(Napi::Env env, Napi::Function dispatch);
  bool attached() const;
  // Runs `call` on the JS thread and waits for it. False (with call.error) when JS threw, the
  // runtime is gone, or the call took longer than `timeout`.
  bool call(const std::shared_ptr<JsCall>& call, std::chrono::milliseconds timeout);
  // Queues a call nobody waits for.
  void post(std::string op);
  // No more calls: fails waiting ones and releases the thread-safe function. Idempotent.
  void shutdown(const std::string& reason);

 private:
  bool enqueue(const std::shared_ptr<JsCall>& call);
  void run_next(Napi::Env env, Napi::Function dispatch);

  mutable std::mutex mu_;
  std::condition_variable cv_;
  Napi::ThreadSafeFunction tsfn_;
  bool attached_ = false;
  bool finalized_ = false;  // Node tore the thread-safe function down with the environment
  bool closed_ = false;
  std::string closed_reason_;
  std::deque<std::shared_ptr<JsCall>> pending_;
};

}  // namespace k8s
