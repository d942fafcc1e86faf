#include "bridge/bridge_binding.h"

#include <string>

#include "bridge/stream_positions.h"

namespace k8s {

namespace {

BridgeHost* host_of(const Napi::CallbackInfo& info) {
  return static_cast<BridgeHost*>(info.Data());
}

// pushBatch(bytes: Uint8Array): boolean — false means "full, stop reading".
Napi::Value push_batch(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsTypedArray()) {
    throw Napi::TypeError::New(env, "pushBatch expects a Uint8Array");
  }
  auto bytes = info[0].As<Napi::Uint8Array>();
  std::string error;
  bool accepted = false;
  const bool more = host_of(info)->push_batch(bytes.Data(), bytes.ByteLength(), &error, &accepted);
  if (!accepted) throw Napi::Error::New(env, "pushBatch: " + error);
  return Napi::Boolean::New(env, more);
}

Napi::Value end(const Napi::CallbackInfo& info) {
  host_of(info)->end_of_stream();
  return info.Env().Undefined();
}

Napi::Value fail(const Napi::CallbackInfo& info) {
  host_of(info)->fail_stream(info.Length() > 0 ? info[0].ToString().Utf8Value() : "failed");
  return info.Env().Undefined();
}

// log(severity: number, message: string)
Napi::Value log(const Napi::CallbackInfo& info) {
  if (info.Length() >= 2) {
    host_of(info)->log(info[0].ToNumber().Int32Value(), info[1].ToString().Utf8Value());
  }
  return info.Env().Undefined();
}

// fieldRequests(known: number): Array<{id, kind, index, key}> of the requests from slot `known`.
Napi::Value field_requests(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const size_t known = info.Length() > 0 ? info[0].ToNumber().Uint32Value() : 0;
  const auto requests = host_of(info)->field_requests_since(known);
  auto out = Napi::Array::New(env, requests.size());
  for (size_t i = 0; i < requests.size(); ++i) {
    const FieldRequest& r = requests[i];
    auto o = Napi::Object::New(env);
    o.Set("id", Napi::Number::New(env, r.field_id));
    o.Set("kind", Napi::Number::New(env, static_cast<int>(r.arg_kind)));
    o.Set("index", Napi::BigInt::New(env, r.index));
    o.Set("key", Napi::String::New(env, r.key));
    out.Set(static_cast<uint32_t>(i), o);
  }
  return out;
}

// deliveryProgress(): {returned, finished} events of the current capture.
Napi::Value delivery_progress(const Napi::CallbackInfo& info) {
  const DeliveryProgress p = host_of(info)->delivery_progress();
  auto out = Napi::Object::New(info.Env());
  out.Set("returned", Napi::Number::New(info.Env(), static_cast<double>(p.returned)));
  out.Set("finished", Napi::Number::New(info.Env(), static_cast<double>(p.finished)));
  return out;
}

}  // namespace

void define_bridge_functions(Napi::Env env, Napi::Object target, BridgeHost* host) {
  target.Set("pushBatch", Napi::Function::New(env, push_batch, "pushBatch", host));
  target.Set("end", Napi::Function::New(env, end, "end", host));
  target.Set("fail", Napi::Function::New(env, fail, "fail", host));
  target.Set("log", Napi::Function::New(env, log, "log", host));
  target.Set("fieldRequests", Napi::Function::New(env, field_requests, "fieldRequests", host));
  target.Set("deliveryProgress", Napi::Function::New(env, delivery_progress, "deliveryProgress", host));
  define_stream_position_functions(env, target);
}

}  // namespace k8s
