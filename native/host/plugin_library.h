// RAII wrappers over a Falco plugin shared library, loaded the way Falco's libs do it:
//   PluginLibrary  - dlopen handle, resolved symbols, API-version and capability checks, info.
//   PluginInstance - one plugin_init ... plugin_destroy.
//   Capture        - one plugin_open ... plugin_close on an instance.
#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>

#include "abi/falco_plugin_abi.h"

namespace host {

// The plugin API version this host implements (what Falco's libs report as the framework's).
constexpr uint32_t kFrameworkApiMajor = 3;
constexpr uint32_t kFrameworkApiMinor = 11;
constexpr uint32_t kFrameworkApiPatch = 0;
constexpr const char* kFrameworkApiVersion = "3.11.0";

// The plugin C ABI entry points. Required ones are non-null once a PluginLibrary exists.
struct PluginApi {
  const char* (*get_required_api_version)() = nullptr;
  const char* (*get_version)() = nullptr;
  const char* (*get_name)() = nullptr;
  const char* (*get_description)() = nullptr;
  const char* (*get_contact)() = nullptr;
  void* (*init)(const fp_init_input*, fp_rc*) = nullptr;
  void (*destroy)(void*) = nullptr;
  const char* (*get_last_error)(void*) = nullptr;
  // optional
  uint32_t (*get_id)() = nullptr;
  const char* (*get_event_source)() = nullptr;
  const char* (*get_init_schema)(fp_schema_type*) = nullptr;
  void* (*open)(void*, const char*, fp_rc*) = nullptr;
  void (*close)(void*, void*) = nullptr;
  const char* (*list_open_params)(void*, fp_rc*) = nullptr;
  fp_rc (*next_batch)(void*, void*, uint32_t*, fp_event_header***) = nullptr;
  const char* (*get_fields)() = nullptr;
  fp_rc (*extract_fields)(void*, const fp_event_input*, const fp_field_extract_input*) = nullptr;
  const char* (*event_to_string)(void*, const fp_event_input*) = nullptr;
  fp_metric* (*get_metrics)(void*, uint32_t*) = nullptr;
};

struct PluginInfo {
  std::string path;
  std::string name, version, description, contact, required_api_version;
  uint32_t id = 0;
  std::string event_source;
  bool sourcing = false;    // open + close + next_batch
  bool extraction = false;  // get_fields + extract_fields
  bool parsing = false;     // plugin_parse_event present (not driven by this host)
  bool async = false;       // plugin_get_async_events present (not driven by this host)
  bool metrics = false;     // plugin_get_metrics present (read with --metrics)
};

class LoadError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class PluginLibrary {
 public:
  // dlopen(RTLD_LOCAL | RTLD_NOW), resolve symbols, check the required API version and symbols
  // and capabilities as Falco's plugin loader does. Throws LoadError.
  static std::unique_ptr<PluginLibrary> load(const std::string& path);

  const PluginApi& api() const { return api_; }
  const PluginInfo& info() const { return info_; }

  // Init schema; returns false when the plugin declares none (symbol missing or FP_SCHEMA_NONE).
  bool init_schema(std::string* schema) const;

  // Never dlclose (for --no-destroy: the process exits with the library still mapped).
  void leak() { handle_.release(); }

 private:
  struct DlCloser {
    void operator()(void* h) const;
  };
  PluginLibrary() = default;

  std::unique_ptr<void, DlCloser> handle_;
  PluginApi api_;
  PluginInfo info_;
};

// An ABI input with zeroed room after it for the members newer frameworks append (value offsets,
// table vtables): a plugin reading past what this host declares finds NULLs, not stack garbage.
template <typename Input>
struct PaddedInput {
  Input in{};
  void* reserved[8] = {};
};

// What the host passes as `owner` in init and extraction inputs; the log callback reads it.
struct HostOwner {
  std::string plugin_name;
  int instance = 0;
};

// The owner's get_owner_last_error: this host keeps no owner error, so always NULL.
const char* host_get_owner_last_error(fp_owner* owner);

class PluginInstance {
 public:
  struct InitResult {
    std::unique_ptr<PluginInstance> instance;  // null on failure
    std::string error;                         // set on failure
    double init_ms = 0;
  };

  // plugin_init(config). On FP_FAILURE with a non-null state, reads get_last_error(state) and
  // destroys it; FP_SUCCESS with a null state is reported as a failure (nothing is destroyed).
  static InitResult init(const PluginLibrary& lib, const std::string& config, bool with_log_fn,
                         HostOwner* owner);

  ~PluginInstance() = default;  // destroys the state (unless leak() was called)
  PluginInstance(const PluginInstance&) = delete;
  PluginInstance& operator=(const PluginInstance&) = delete;

  const PluginLibrary& library() const { return lib_; }
  const PluginApi& api() const { return lib_.api(); }
  void* state() const { return state_.get(); }
  HostOwner* owner() const { return owner_; }
  std::string last_error() const;

  // plugin_destroy now; returns how long it took (ms).
  double destroy();
  // Never destroy (for --no-destroy).
  void leak() { state_.release(); }

 private:
  struct StateDeleter {
    void (*destroy)(void*) = nullptr;
    void operator()(void* s) const {
      if (s != nullptr && destroy != nullptr) destroy(s);
    }
  };
  PluginInstance(const PluginLibrary& lib, void* state, HostOwner* owner);

  const PluginLibrary& lib_;
  std::unique_ptr<void, StateDeleter> state_;
  HostOwner* owner_;
};

class Capture {
 public:
  // plugin_open(params). Check ok(); on failure error() holds get_last_error. Like Falco (libscap
  // closes the engine when scap_open fails), close is still called on destruction even when the
  // open failed, with whatever handle open returned.
  Capture(const PluginInstance& inst, const std::string& params);
  ~Capture();
  Capture(const Capture&) = delete;
  Capture& operator=(const Capture&) = delete;

  bool ok() const { return ok_; }
  const std::string& error() const { return error_; }
  void* handle() const { return handle_; }

  fp_rc next_batch(uint32_t* nevts, fp_event_header*** evts) {
    return inst_.api().next_batch(inst_.state(), handle_, nevts, evts);
  }

  // Skip plugin_close (for --no-close: the instance is destroyed with the capture open).
  void release_without_close() { closed_ = true; }

 private:
  const PluginInstance& inst_;
  void* handle_ = nullptr;
  bool ok_ = false;
  bool closed_ = false;
  std::string error_;
};

}  // namespace host
