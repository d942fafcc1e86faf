// The Falco plugin C ABI: thin entry points over Instance. No C++ exception ever crosses into
// Falco: every entry point that can throw turns it into a plugin error.
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

K8S_EXPORT void* plugin_init(const fp_init_input* in, fp_rc* rc) {
  try {
    auto instance = std::make_unique<k8s::Instance>(*in);
    *rc = instance->init(in->config) ? FP_SUCCESS : FP_FAILURE;
    return instance.release();  // owned by Falco until plugin_destroy
  } catch (const std::exception& e) {
    t_orphan_error = std::string("plugin_init failed: ") + e.what();
  }
  *rc = FP_FAILURE;
  return nullptr;
}

K8S_EXPORT void plugin_destroy(void* s) {
  std::unique_ptr<k8s::Instance> owned(as_instance(s));
}

K8S_EXPORT const char* plugin_get_last_error(void* s) {
  return s != nullptr ? as_instance(s)->last_error() : t_orphan_error.c_str();
}

K8S_EXPORT void* plugin_open(void* s, const char* params, fp_rc* rc) {
  try {
    *rc = as_instance(s)->open(params);
    return *rc == FP_SUCCESS ? s : nullptr;
  } catch (const std::exception& e) {
    *rc = FP_FAILURE;
    return nullptr;
  }
}

K8S_EXPORT void plugin_close(void* s, void* /*h*/) {
  if (s == nullptr) return;
  try {
    as_instance(s)->close();
  } catch (const std::exception&) {
  }
}

K8S_EXPORT const char* plugin_list_open_params(void*, fp_rc* rc) {
  *rc = FP_SUCCESS;
  return k8s_embedded_open_params_json;
}

K8S_EXPORT fp_rc plugin_next_batch(void* s, void* /*h*/, uint32_t* nevts,
                                   fp_event_header*** evts) {
  try {
    return as_instance(s)->next_batch(nevts, evts);
  } catch (const std::exception&) {
    *nevts = 0;
    return FP_FAILURE;
  }
}

K8S_EXPORT fp_rc plugin_extract_fields(void* s, const fp_event_input* evt,
                                       const fp_field_extract_input* in) {
  try {
    return as_instance(s)->extract(*evt, *in);
  } catch (const std::exception&) {
    return FP_FAILURE;
  }
}

K8S_EXPORT fp_metric* plugin_get_metrics(void* s, uint32_t* num_metrics) {
  *num_metrics = 0;
  if (s == nullptr) return nullptr;
  try {
    return as_instance(s)->metrics(num_metrics);
  } catch (const std::exception&) {
    *num_metrics = 0;
    return nullptr;
  }
}

K8S_EXPORT const char* plugin_event_to_string(void* s, const fp_event_input* evt) {
  try {
    return as_instance(s)->event_to_string(*evt);
  } catch (const std::exception&) {
    return "";
  }
}
