#include "plugin/instance.h"

#include <chrono>
#include <cstring>

#include "abi/plugin_event.h"
#include "bridge/bridge_binding.h"
#include "core/redact.h"
#include "generated/plugin_identity.h"
#include "generated/wire_contract.h"
#include "plugin/embedded.h"
#include "plugin/test_faults.h"
#include "runtime/builtins_fd.h"
#include "runtime/node_platform.h"

namespace k8s {

namespace {

constexpr auto kCallTimeout = std::chrono::seconds(60);
constexpr auto kBatchWait = std::chrono::milliseconds(25);  // Falco calls again on timeout
// One event per next_batch, so that "Falco called next_batch again" means "Falco evaluated the
// event it was handed": its loop drops the event next() returned when it sees a stop or reload
// signal, and sinsp hands a batch out one event at a time, so of a larger batch the plugin could
// not tell how much was evaluated (docs/architecture.md, "What counts as evaluated").
constexpr size_t kMaxEventsPerBatch = 1;

// The instance whose JS thread is running: the binding's register function has no user data.
thread_local Instance* t_binding_owner = nullptr;

napi_value register_binding(napi_env env, napi_value exports) {
  if (t_binding_owner == nullptr) return exports;
  return t_binding_owner->make_binding(env, exports);
}

}  // namespace

Instance::Instance(const fp_init_input& in)
    : logger_(in.log_fn, in.owner), flow_(identity::kId) {
  flow_.queue().set_drain_callback([this] { caller_.post(wire::operation::kDrain); });
}

Instance::~Instance() {
  // Nothing may escape a destructor (plugin_destroy has no way to report it).
  try {
    if (!runtime_stopped_.load()) {
      caller_.call(std::make_shared<JsCall>(wire::operation::kDestroy), std::chrono::seconds(10));
    }
    caller_.shutdown("the plugin instance was destroyed");
    js_.stop();
  } catch (...) {
  }
}

bool Instance::init(const char* config) {
  inject_native_fault(NativeFault::kThrowInInit);
  std::string error;
  node::MultiIsolatePlatform* platform = process_platform(&error);
  if (platform == nullptr) {
    set_error(error);
    return false;
  }
  JsThreadHooks hooks;
  hooks.binding_name = wire::kBindingName;
  hooks.register_binding = register_binding;
  hooks.on_thread_start = [this] { t_binding_owner = this; };
  hooks.on_process_exit = [this](int code) {
    std::lock_guard<std::mutex> lock(death_mu_);
    death_reason_ = "the plugin's JavaScript called process.exit(" + std::to_string(code) + ")";
  };
  hooks.on_stopped = [this] { on_runtime_stopped(); };
  if (!js_.start(platform, k8s_embedded_bundle_js, std::move(hooks),
                 plugin_directory() + "/nodejs-builtins", &error)) {
    set_error(error);
    return false;
  }
  if (!caller_.attached()) {
    set_error("the plugin's JavaScript did not register its dispatcher");
    return false;
  }
  return call_js(std::make_shared<JsCall>(wire::operation::kInit, config != nullptr ? config : ""));
}

void Instance::on_runtime_stopped() {
  std::string reason;
  {
    std::lock_guard<std::mutex> lock(death_mu_);
    if (death_reason_.empty()) death_reason_ = "the plugin's JavaScript runtime stopped";
    reason = death_reason_;
  }
  runtime_stopped_.store(true);
  caller_.shutdown(reason);
  flow_.queue().fail(reason);
}

bool Instance::call_js(const std::shared_ptr<JsCall>& call) {
  if (caller_.call(call, kCallTimeout)) return true;
  std::lock_guard<std::mutex> lock(death_mu_);
  set_error(death_reason_.empty() ? call->error : death_reason_);
  return false;
}

void Instance::set_error(std::string_view message) { last_error_ = redact_secrets(message); }

fp_rc Instance::open(const char* params) {
  inject_native_fault(NativeFault::kThrowInOpen);
  flow_.reset();
  return call_js(std::make_shared<JsCall>(wire::operation::kOpen, params != nullptr ? params : "")) ? FP_SUCCESS : FP_FAILURE;
}

void Instance::close() {
  call_js(std::make_shared<JsCall>(wire::operation::kClose));
  flow_.reset();
}

fp_rc Instance::next_batch(uint32_t* nevts, fp_event_header*** evts) {
  *nevts = 0;
  inject_native_fault(NativeFault::kThrowInNextBatch);
  std::string failure;
  switch (flow_.next(kMaxEventsPerBatch, kBatchWait, &failure)) {
    case PopResult::kEvents:
      *nevts = static_cast<uint32_t>(flow_.held_count());
      *evts = flow_.held_events();
      return FP_SUCCESS;
    case PopResult::kTimeout:
      return FP_TIMEOUT;
    case PopResult::kEnd:
      return FP_EOF;
    case PopResult::kFailed:
      set_error(failure);
      return FP_FAILURE;
  }
  return FP_FAILURE;
}

const uint8_t* Instance::fallback_values(const fp_event_input& evt, uint32_t slot, size_t* len) {
  const bool same_event = fallback_evt_ == evt.evt && fallback_evtnum_ == evt.evtnum;
  if (!same_event || slot >= fallback_.slot_count()) {
    fallback_evt_ = nullptr;
    fp::PluginEventParts event;
    const std::string problem = fp::plugin_event_problem(evt.evt, &event);
    if (!problem.empty()) {
      set_error("not a k8s_audit plugin event: " + problem);
      return nullptr;
    }
    auto call = std::make_shared<JsCall>(wire::operation::kExtract);
    call->data.assign(event.data, event.data + event.data_len);
    fallback_calls_.fetch_add(1, std::memory_order_relaxed);
    if (!call_js(call)) return nullptr;
    if (!fallback_.assign(std::move(call->bytes)) || slot >= fallback_.slot_count()) {
      set_error("internal error: malformed field values from JavaScript");
      return nullptr;
    }
    fallback_evt_ = evt.evt;
    fallback_evtnum_ = evt.evtnum;
  }
  return fallback_.block(slot, len);
}

fp_rc Instance::extract(const fp_event_input& evt, const fp_field_extract_input& in) {
  inject_native_fault(NativeFault::kThrowInExtract);
  if (field_values_.size() < in.num_fields) field_values_.resize(in.num_fields);
  for (uint32_t i = 0; i < in.num_fields; ++i) {
    fp_extract_field& field = in.fields[i];
    field.res_len = 0;
    const FieldRequest request = request_of(field);
    const uint32_t slot = flow_.slots().find_or_add(request);
    size_t len = 0;
    const uint8_t* block = flow_.precomputed(evt.evt, slot, &len);
    if (block != nullptr) {
      values_precomputed_.fetch_add(1, std::memory_order_relaxed);
    } else {
      block = fallback_values(evt, slot, &len);
      if (block == nullptr) return FP_FAILURE;
    }
    DecodedValues& out = field_values_[i];
    if (decode_value_block(block, len, &out) == 0) {
      set_error("internal error: malformed field values");
      return FP_FAILURE;
    }
    if (out.is_error) {
      set_error(out.error);
      return FP_FAILURE;
    }
    field.res.str = out.values.data();
    field.res_len = out.values.size();
  }
  return FP_SUCCESS;
}

fp_metric* Instance::metrics(uint32_t* count) {
  std::lock_guard<std::mutex> lock(metrics_mu_);
  auto call = std::make_shared<JsCall>(wire::operation::kMetrics);
  // Not call_js: a metrics read must not overwrite the error Falco may be about to read.
  if (!caller_.call(call, std::chrono::seconds(5)) || !metrics_.assign_js(call->bytes)) {
    metrics_.assign_js({0, 0, 0, 0});
  }
  metrics_.add("values_precomputed", values_precomputed_.load(std::memory_order_relaxed), true);
  metrics_.add("extract_fallback_calls", fallback_calls_.load(std::memory_order_relaxed), true);
  metrics_.add("queued_events", flow_.queue().queued_events(), false);
  metrics_.add("queued_bytes", flow_.queue().queued_bytes(), false);
  return metrics_.data(count);
}

const char* Instance::event_to_string(const fp_event_input& evt) {
  fp::PluginEventParts event;
  if (!fp::read_plugin_event(evt.evt, &event)) return "";
  event_string_.assign(reinterpret_cast<const char*>(event.data), event.data_len);
  return event_string_.c_str();
}

bool Instance::push_batch(const uint8_t* data, size_t len, std::string* error, bool* accepted) {
  return flow_.push(data, len, error, accepted);
}

void Instance::fail_stream(std::string message) {
  flow_.queue().fail(redact_secrets(message));
}

napi_value Instance::make_binding(napi_env raw_env, napi_value raw_exports) {
  Napi::Env env(raw_env);
  auto exports = Napi::Object(env, raw_exports);
  try {
    define_bridge_functions(env, exports, this);
    exports.Set("register", Napi::Function::New(env, [this](const Napi::CallbackInfo& info) {
      if (info.Length() < 1 || !info[0].IsFunction()) {
        throw Napi::TypeError::New(info.Env(), "register expects the dispatch function");
      }
      caller_.attach(info.Env(), info[0].As<Napi::Function>());
    }));
  } catch (const Napi::Error& e) {
    e.ThrowAsJavaScriptException();
  }
  return exports;
}

}  // namespace k8s
