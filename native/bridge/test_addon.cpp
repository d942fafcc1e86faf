// The bridge as a plain Node addon (built by binding.gyp): a Channel runs the same native event
// path as the plugin (batch decoding, scap encoding, bounded queue, field slots, precomputed
// value lookup), with Falco's side driven from JS so unit tests exercise the real native code.
#include <napi.h>

#include <chrono>
#include <string>
#include <vector>

#include "abi/plugin_event.h"
#include "bridge/bridge_binding.h"
#include "bridge/bridge_host.h"
#include "core/event_flow.h"
#include "core/redact.h"
#include "generated/plugin_identity.h"

namespace k8s {
namespace {

class Channel : public Napi::ObjectWrap<Channel>, public BridgeHost {
 public:
  static Napi::Function define(Napi::Env env) {
    return DefineClass(env, "Channel",
                       {InstanceMethod("nextBatch", &Channel::next_batch),
                        InstanceMethod("requestField", &Channel::request_field),
                        InstanceMethod("precomputed", &Channel::precomputed),
                        InstanceMethod("setDrainListener", &Channel::set_drain_listener),
                        InstanceMethod("takeLogs", &Channel::take_logs)});
  }

  explicit Channel(const Napi::CallbackInfo& info)
      : Napi::ObjectWrap<Channel>(info), flow_(plugin_id(info), limits(info)) {
    define_bridge_functions(info.Env(), info.This().As<Napi::Object>(), this);
    flow_.queue().set_drain_callback([this] { drained_ = true; });
  }

  bool push_batch(const uint8_t* data, size_t len, std::string* error, bool* accepted) override {
    return flow_.push(data, len, error, accepted);
  }
  void end_of_stream() override { flow_.queue().end(); }
  void fail_stream(std::string message) override { flow_.queue().fail(std::move(message)); }
  void log(int severity, const std::string& message) override {
    logs_.push_back(std::to_string(severity) + " " + message);
  }
  std::vector<FieldRequest> field_requests_since(size_t known) override {
    return flow_.slots().since(known);
  }
  DeliveryProgress delivery_progress() override {
    return {flow_.events_returned(), flow_.events_finished()};
  }

 private:
  static uint32_t plugin_id(const Napi::CallbackInfo& info) {
    return option(info, "pluginId", identity::kId);
  }
  static QueueLimits limits(const Napi::CallbackInfo& info) {
    QueueLimits l;
    l.max_events = option(info, "maxEvents", static_cast<uint32_t>(l.max_events));
    l.max_bytes = option(info, "maxBytes", static_cast<uint32_t>(l.max_bytes));
    return l;
  }
  static uint32_t option(const Napi::CallbackInfo& info, const char* name, uint32_t fallback) {
    if (info.Length() < 1 || !info[0].IsObject()) return fallback;
    Napi::Value v = info[0].As<Napi::Object>().Get(name);
    return v.IsNumber() ? v.As<Napi::Number>().Uint32Value() : fallback;
  }

  // nextBatch(maxEvents) → {result, error?, events: [{ts, pluginId, data, raw}]}; calls the drain
  // listener afterwards when this pop freed the queue or raised its limits.
  Napi::Value next_batch(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    const size_t max = info.Length() > 0 ? info[0].ToNumber().Uint32Value() : 512;
    std::string failure;
    const PopResult r = flow_.next(max, std::chrono::milliseconds(0), &failure);
    auto out = Napi::Object::New(env);
    const char* names[] = {"events", "timeout", "end", "failed"};
    out.Set("result", names[static_cast<int>(r)]);
    if (r == PopResult::kFailed) out.Set("error", failure);
    auto events = Napi::Array::New(env, flow_.held_count());
    for (size_t i = 0; i < flow_.held_count(); ++i) {
      const fp_event_header* evt = flow_.held_events()[i];
      fp::PluginEventParts parts;
      auto e = Napi::Object::New(env);
      e.Set("valid", fp::read_plugin_event(evt, &parts));
      e.Set("ts", Napi::BigInt::New(env, evt->ts));
      e.Set("pluginId", parts.plugin_id);
      e.Set("data", Napi::Buffer<uint8_t>::Copy(env, parts.data, parts.data_len));
      e.Set("raw", Napi::Buffer<uint8_t>::Copy(env, reinterpret_cast<const uint8_t*>(evt),
                                               evt->len));
      events.Set(static_cast<uint32_t>(i), e);
    }
    out.Set("events", events);
    notify_drain();
    return out;
  }

  // requestField(id, kind, index: bigint, key) → slot, as extract_fields registers a request.
  Napi::Value request_field(const Napi::CallbackInfo& info) {
    FieldRequest r;
    r.field_id = info[0].ToNumber().Uint32Value();
    r.arg_kind = static_cast<ArgKind>(info[1].ToNumber().Uint32Value());
    bool lossless = false;
    if (info.Length() > 2 && info[2].IsBigInt()) r.index = info[2].As<Napi::BigInt>().Uint64Value(&lossless);
    if (info.Length() > 3 && info[3].IsString()) r.key = info[3].As<Napi::String>().Utf8Value();
    return Napi::Number::New(info.Env(), flow_.slots().find_or_add(r));
  }

  // precomputed(eventIndex, slot) → {values} | {error} | null (not precomputed), read exactly
  // as extract_fields reads it for a held event.
  Napi::Value precomputed(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    const size_t i = info[0].ToNumber().Uint32Value();
    const uint32_t slot = info[1].ToNumber().Uint32Value();
    if (i >= flow_.held_count()) return env.Null();
    size_t len = 0;
    const uint8_t* block = flow_.precomputed(flow_.held_events()[i], slot, &len);
    if (block == nullptr) return env.Null();
    DecodedValues decoded;
    if (decode_value_block(block, len, &decoded) == 0) throw Napi::Error::New(env, "bad block");
    auto out = Napi::Object::New(env);
    if (decoded.is_error) {
      out.Set("error", decoded.error);
    } else {
      auto values = Napi::Array::New(env, decoded.values.size());
      for (size_t k = 0; k < decoded.values.size(); ++k) {
        values.Set(static_cast<uint32_t>(k), decoded.values[k]);
      }
      out.Set("values", values);
    }
    return out;
  }

  void notify_drain() {
    if (drained_ && !drain_listener_.IsEmpty()) {
      drained_ = false;
      drain_listener_.Call({});
    }
  }

  Napi::Value set_drain_listener(const Napi::CallbackInfo& info) {
    drain_listener_ = Napi::Persistent(info[0].As<Napi::Function>());
    return info.Env().Undefined();
  }

  Napi::Value take_logs(const Napi::CallbackInfo& info) {
    auto out = Napi::Array::New(info.Env(), logs_.size());
    for (size_t i = 0; i < logs_.size(); ++i) out.Set(static_cast<uint32_t>(i), logs_[i]);
    logs_.clear();
    return out;
  }

  EventFlow flow_;
  bool drained_ = false;
  Napi::FunctionReference drain_listener_;
  std::vector<std::string> logs_;
};

}  // namespace
}  // namespace k8s

// redactSecrets(text): the shim's redaction rule, for the tests that hold it to the JS one.
static Napi::Value RedactSecrets(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), k8s::redact_secrets(info[0].ToString().Utf8Value()));
}

static Napi::Object InitBridgeAddon(Napi::Env env, Napi::Object exports) {
  exports.Set("Channel", k8s::Channel::define(env));
  exports.Set("redactSecrets", Napi::Function::New(env, RedactSecrets, "redactSecrets"));
  return exports;
}

NODE_API_MODULE(k8saudit_bridge, InitBridgeAddon)
