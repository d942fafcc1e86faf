#include "plugin/js_caller.h"

namespace k8s {

namespace {

Napi::Value call_argument(Napi::Env env, const JsCall& call) {
  if (call.op == "extract") {
    return Napi::Buffer<uint8_t>::Copy(env, call.data.data(), call.data.size());
  }
  return Napi::String::New(env, call.text);
}

Napi::Value call_extra(Napi::Env env, const JsCall& call) {
  if (call.op != "extract") return env.Undefined();
  auto o = Napi::Object::New(env);
  o.Set("evtnum", Napi::BigInt::New(env, call.evtnum));
  o.Set("id", Napi::Number::New(env, call.request.field_id));
  o.Set("kind", Napi::Number::New(env, static_cast<int>(call.request.arg_kind)));
  o.Set("index", Napi::BigInt::New(env, call.request.index));
  o.Set("key", Napi::String::New(env, call.request.key));
  return o;
}

}  // namespace

void JsCaller::attach(Napi::Env env, Napi::Function dispatch) {
  std::lock_guard<std::mutex> lock(mu_);
  if (attached_ || closed_) throw Napi::Error::New(env, "dispatcher already registered");
  tsfn_ = Napi::ThreadSafeFunction::New(env, dispatch, "k8saudit-ovh dispatch", 0, 1,
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
  auto call = std::make_shared<JsCall>();
  call->op = std::move(op);
  enqueue(call);
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
  std::string text;
  if (static_cast<napi_env>(env) == nullptr) {
    error = "the plugin's JavaScript runtime stopped";
  } else {
    try {
      Napi::HandleScope scope(env);
      Napi::Value result = dispatch.Call({Napi::String::New(env, call->op),
                                          call_argument(env, *call), call_extra(env, *call)});
      if (result.IsTypedArray()) {
        auto arr = result.As<Napi::Uint8Array>();
        bytes.assign(arr.Data(), arr.Data() + arr.ByteLength());
      } else if (result.IsString()) {
        text = result.As<Napi::String>().Utf8Value();
      }
      ok = true;
    } catch (const Napi::Error& e) {
      error = e.Message();
      if (error.empty()) error = "JavaScript exception in '" + call->op + "'";
    }
  }
  std::lock_guard<std::mutex> lock(mu_);
  call->ok = ok;
  call->error = std::move(error);
  call->bytes = std::move(bytes);
  call->result_text = std::move(text);
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
