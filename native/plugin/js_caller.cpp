#include "plugin/js_caller.h"

#include "generated/plugin_identity.h"
#include "generated/wire_contract.h"

namespace k8s {

namespace {

// Raw Node-API from here on: when the environment is being torn down (process.exit, Stop) the
// C++ wrappers' error paths end in napi_fatal_error, which would abort Falco.
bool make_string(napi_env env, const std::string& s, napi_value* out) {
  return napi_create_string_utf8(env, s.data(), s.size(), out) == napi_ok;
}

bool make_arguments(napi_env env, const JsCall& call, napi_value argv[2]) {
  if (!make_string(env, call.op, &argv[0])) return false;
  if (call.op != wire::operation::kExtract) {
    return make_string(env, call.text, &argv[1]);
  }
  void* copy = nullptr;
  return napi_create_buffer_copy(env, call.data.size(), call.data.data(), &copy, &argv[1]) == napi_ok;
}

// The message of the pending JS exception, cleared; empty when there is none to read (the
// environment is terminating).
std::string take_exception_message(napi_env env) {
  bool pending = false;
  napi_value exception;
  if (napi_is_exception_pending(env, &pending) != napi_ok || !pending ||
      napi_get_and_clear_last_exception(env, &exception) != napi_ok) {
    return {};
  }
  napi_value message = exception;
  napi_valuetype type;
  if (napi_typeof(env, exception, &type) == napi_ok && type == napi_object) {
    napi_get_named_property(env, exception, "message", &message);
  }
  napi_value text;
  size_t len = 0;
  if (napi_coerce_to_string(env, message, &text) != napi_ok ||
      napi_get_value_string_utf8(env, text, nullptr, 0, &len) != napi_ok) {
    bool still_pending = false;
    napi_is_exception_pending(env, &still_pending);
    if (still_pending) napi_get_and_clear_last_exception(env, &exception);
    return {};
  }
  std::string out(len, '\0');
  napi_get_value_string_utf8(env, text, out.data(), len + 1, &len);
  return out;
}

// The bytes of a Uint8Array result: extract and metrics answer with one; the other operations'
// results are not used.
void read_bytes(napi_env env, napi_value result, std::vector<uint8_t>* bytes) {
  bool is_typed = false;
  if (napi_is_typedarray(env, result, &is_typed) != napi_ok || !is_typed) return;
  napi_typedarray_type type;
  size_t length = 0, offset = 0;
  void* data = nullptr;
  napi_value buffer;
  if (napi_get_typedarray_info(env, result, &type, &length, &data, &buffer, &offset) == napi_ok &&
      type == napi_uint8_array) {
    const auto* p = static_cast<const uint8_t*>(data);
    bytes->assign(p, p + length);
  }
}

}  // namespace

void JsCaller::attach(Napi::Env env, Napi::Function dispatch) {
  std::lock_guard<std::mutex> lock(mu_);
  if (attached_ || closed_) throw Napi::Error::New(env, "dispatcher already registered");
  tsfn_ = Napi::ThreadSafeFunction::New(env, dispatch, std::string(identity::kName) + " dispatch", 0, 1,
                                        [this](Napi::Env) {
                                          std::lock_guard<std::mutex> guard(mu_);
                                          finalized_ = true;
                                        });
  attached_ = true;
}

bool JsCaller::attached() const {
  std::lock_guard<std::mutex> lock(mu_);
  return attached_;
}

bool JsCaller::enqueue(const std::shared_ptr<JsCall>& call) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!attached_ || closed_ || finalized_) {
    call->error = closed_reason_.empty() ? "the plugin's JavaScript runtime is not running"
                                         : closed_reason_;
    return false;
  }
  pending_.push_back(call);
  const napi_status status = tsfn_.NonBlockingCall(
      [this](Napi::Env env, Napi::Function dispatch) { run_next(env, dispatch); });
  if (status != napi_ok) {
    pending_.pop_back();
    call->error = "the plugin's JavaScript runtime is shutting down";
    return false;
  }
  return true;
}

bool JsCaller::call(const std::shared_ptr<JsCall>& call, std::chrono::milliseconds timeout) {
  if (!enqueue(call)) return false;
  std::unique_lock<std::mutex> lock(mu_);
  if (!cv_.wait_for(lock, timeout, [&call] { return call->done; })) {
    call->error = "the plugin's JavaScript did not answer '" + call->op + "' in time";
    return false;
  }
  return call->ok;
}

void JsCaller::post(std::string op) {
  enqueue(std::make_shared<JsCall>(std::move(op)));
}

// JS thread (or the thread-safe function's finalisation, with a null env).
void JsCaller::run_next(Napi::Env env, Napi::Function dispatch) {
  std::shared_ptr<JsCall> call;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (pending_.empty()) return;
    call = pending_.front();
    pending_.pop_front();
  }
  bool ok = false;
  std::string error;
  std::vector<uint8_t> bytes;
  const napi_env raw = env;
  if (raw == nullptr) {
    error = "the plugin's JavaScript runtime stopped";
  } else {
    napi_handle_scope scope;
    if (napi_open_handle_scope(raw, &scope) == napi_ok) {
      napi_value argv[2];
      napi_value global, result;
      if (make_arguments(raw, *call, argv) && napi_get_global(raw, &global) == napi_ok &&
          napi_call_function(raw, global, dispatch, 2, argv, &result) == napi_ok) {
        read_bytes(raw, result, &bytes);
        ok = true;
      } else {
        error = take_exception_message(raw);
        if (error.empty()) error = "the plugin's JavaScript failed or stopped during '" + call->op + "'";
      }
      napi_close_handle_scope(raw, scope);
    } else {
      error = "the plugin's JavaScript runtime is stopping";
    }
  }
  std::lock_guard<std::mutex> lock(mu_);
  call->ok = ok;
  call->error = std::move(error);
  call->bytes = std::move(bytes);
  call->done = true;
  cv_.notify_all();
}

void JsCaller::shutdown(const std::string& reason) {
  std::deque<std::shared_ptr<JsCall>> dropped;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (closed_) return;
    closed_ = true;
    closed_reason_ = reason;
    dropped.swap(pending_);
    for (auto& call : dropped) {
      call->error = reason;
      call->done = true;
    }
    if (attached_ && !finalized_) tsfn_.Release();
    cv_.notify_all();
  }
}

}  // namespace k8s
