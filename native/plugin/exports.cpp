// The Falco plugin C ABI: thin entry points over Instance. No exception crosses into Falco: every
// entry point that can throw catches everything and keeps the reason for plugin_get_last_error,
// in the instance when there is one, else for the calling thread.
#include <exception>
#include <memory>
#include <string>

#include "abi/falco_plugin_abi.h"
#include "generated/plugin_identity.h"
#include "plugin/embedded.h"
#include "plugin/instance.h"

#define K8S_EXPORT extern "C" __attribute__((visibility("default")))

namespace {

k8s::Instance* as_instance(void* s) { return static_cast<k8s::Instance*>(s); }

// Error text for failures that happen before an instance exists or outside one.
thread_local std::string t_orphan_error;

// What the exception being handled says, for the entry point `entry`.
std::string failure_of(const char* entry) {
  try {
    throw;
  } catch (const std::exception& e) {
    return std::string(entry) + " failed: " + e.what();
  } catch (...) {
    return std::string(entry) + " failed: unknown exception";
  }
}

// Keeps the message of the exception being handled where plugin_get_last_error finds it.
void keep_failure(k8s::Instance* instance, const char* entry) noexcept {
  try {
    const std::string message = failure_of(entry);
    if (instance != nullptr) {
      instance->set_error(message);
    } else {
      t_orphan_error = message;
    }
  } catch (...) {
    // Out of memory even for the message: the result code still reports the failure.
  }
}

// Runs `body` for the entry point `entry`; when it throws, keeps the reason and returns `failed`.
template <typename Result, typename Body>
Result guarded(k8s::Instance* instance, const char* entry, Result failed, Body&& body) noexcept {
  try {
    return body();
  } catch (...) {
    keep_failure(instance, entry);
    return failed;
  }
}

template <typename Body>
void guarded(k8s::Instance* instance, const char* entry, Body&& body) noexcept {
  try {
    body();
  } catch (...) {
    keep_failure(instance, entry);
  }
}

}  // namespace

K8S_EXPORT const char* plugin_get_required_api_version() {
  return k8s::identity::kRequiredApiVersion;
}
K8S_EXPORT const char* plugin_get_version() { return k8s::identity::kVersion; }
K8S_EXPORT const char* plugin_get_name() { return k8s::identity::kName; }
K8S_EXPORT const char* plugin_get_description() { return k8s::identity::kDescription; }
K8S_EXPORT const char* plugin_get_contact() { return k8s::identity::kContact; }
K8S_EXPORT uint32_t plugin_get_id() { return k8s::identity::kId; }
K8S_EXPORT const char* plugin_get_event_source() { return k8s::identity::kEventSource; }
K8S_EXPORT const char* plugin_get_fields() { return k8s_embedded_fields_json; }

K8S_EXPORT const char* plugin_get_init_schema(fp_schema_type* schema_type) {
  *schema_type = FP_SCHEMA_JSON;
  return k8s_embedded_init_schema_json;
}

// A failed init still returns its instance when there is one, so Falco can read why it failed
// before destroying it.
K8S_EXPORT void* plugin_init(const fp_init_input* in, fp_rc* rc) {
  *rc = FP_FAILURE;
  std::unique_ptr<k8s::Instance> instance;
  guarded(nullptr, "plugin_init", [&] { instance = std::make_unique<k8s::Instance>(*in); });
  if (!instance) return nullptr;
  *rc = guarded(instance.get(), "plugin_init", FP_FAILURE, [&] {
    return instance->init(in->config) ? FP_SUCCESS : FP_FAILURE;
  });
  return instance.release();  // owned by Falco until plugin_destroy
}

K8S_EXPORT void plugin_destroy(void* s) {
  std::unique_ptr<k8s::Instance> owned(as_instance(s));  // ~Instance lets nothing escape
}

K8S_EXPORT const char* plugin_get_last_error(void* s) {
  return s != nullptr ? as_instance(s)->last_error() : t_orphan_error.c_str();
}

K8S_EXPORT void* plugin_open(void* s, const char* params, fp_rc* rc) {
  *rc = guarded(as_instance(s), "plugin_open", FP_FAILURE, [&] { return as_instance(s)->open(params); });
  return *rc == FP_SUCCESS ? s : nullptr;
}

K8S_EXPORT void plugin_close(void* s, void* /*h*/) {
  if (s == nullptr) return;
  guarded(as_instance(s), "plugin_close", [s] { as_instance(s)->close(); });
}

K8S_EXPORT const char* plugin_list_open_params(void*, fp_rc* rc) {
  *rc = FP_SUCCESS;
  return k8s_embedded_open_params_json;
}

K8S_EXPORT fp_rc plugin_next_batch(void* s, void* /*h*/, uint32_t* nevts,
                                   fp_event_header*** evts) {
  *nevts = 0;
  return guarded(as_instance(s), "plugin_next_batch", FP_FAILURE,
                 [&] { return as_instance(s)->next_batch(nevts, evts); });
}

K8S_EXPORT fp_rc plugin_extract_fields(void* s, const fp_event_input* evt,
                                       const fp_field_extract_input* in) {
  return guarded(as_instance(s), "plugin_extract_fields", FP_FAILURE,
                 [&] { return as_instance(s)->extract(*evt, *in); });
}

// Falco may read metrics from another thread while it uses the instance, so a failure here is
// not written into the instance's last error: it is kept for this thread, and logged.
K8S_EXPORT fp_metric* plugin_get_metrics(void* s, uint32_t* num_metrics) {
  *num_metrics = 0;
  if (s == nullptr) return nullptr;
  try {
    return as_instance(s)->metrics(num_metrics);
  } catch (...) {
    *num_metrics = 0;
    keep_failure(nullptr, "plugin_get_metrics");
  }
  guarded(nullptr, "plugin_get_metrics", [s] { as_instance(s)->log(FP_LOG_ERROR, t_orphan_error); });
  return nullptr;
}

K8S_EXPORT const char* plugin_event_to_string(void* s, const fp_event_input* evt) {
  return guarded(as_instance(s), "plugin_event_to_string", "",
                 [&] { return as_instance(s)->event_to_string(*evt); });
}
