#include "plugin_library.h"

#include <dlfcn.h>

#include <cctype>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <vector>

#include "abi/log_severity.h"

namespace host {
namespace {

std::string str_or_empty(const char* s) { return s == nullptr ? std::string() : std::string(s); }

std::string upper_case(const char* text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// The log callback handed to plugin_init. One fprintf per message, so lines from several threads
// do not interleave (stdio locks the stream for the call).
void host_log(fp_owner* owner, const char* component, const char* msg, fp_log_severity sev) {
  const auto* o = static_cast<const HostOwner*>(owner);
  const char* comp = component;
  if (comp == nullptr || comp[0] == '\0') comp = o != nullptr ? o->plugin_name.c_str() : "plugin";
  std::fprintf(stderr, "[plugin-log] %s %s: %s\n", upper_case(fp::log_severity_name(sev)).c_str(), comp,
               msg != nullptr ? msg : "");
}

template <typename Fn>
void resolve(void* handle, const char* name, Fn* out) {
  *out = reinterpret_cast<Fn>(dlsym(handle, name));
}

bool parse_version(const char* v, uint32_t* major, uint32_t* minor, uint32_t* patch) {
  return v != nullptr && std::sscanf(v, "%" SCNu32 ".%" SCNu32 ".%" SCNu32, major, minor, patch) == 3;
}

double ms_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

void PluginLibrary::DlCloser::operator()(void* h) const {
  if (h != nullptr) dlclose(h);
}

std::unique_ptr<PluginLibrary> PluginLibrary::load(const std::string& path) {
  std::unique_ptr<PluginLibrary> lib(new PluginLibrary());  // private constructor
  dlerror();
  lib->handle_.reset(dlopen(path.c_str(), RTLD_LOCAL | RTLD_NOW));
  if (!lib->handle_) {
    const char* e = dlerror();
    throw LoadError("can't load plugin dynamic library: " + str_or_empty(e));
  }
  void* h = lib->handle_.get();
  PluginApi& a = lib->api_;
  resolve(h, "plugin_get_required_api_version", &a.get_required_api_version);
  resolve(h, "plugin_get_version", &a.get_version);
  resolve(h, "plugin_get_name", &a.get_name);
  resolve(h, "plugin_get_description", &a.get_description);
  resolve(h, "plugin_get_contact", &a.get_contact);
  resolve(h, "plugin_init", &a.init);
  resolve(h, "plugin_destroy", &a.destroy);
  resolve(h, "plugin_get_last_error", &a.get_last_error);
  resolve(h, "plugin_get_id", &a.get_id);
  resolve(h, "plugin_get_event_source", &a.get_event_source);
  resolve(h, "plugin_get_init_schema", &a.get_init_schema);
  resolve(h, "plugin_open", &a.open);
  resolve(h, "plugin_close", &a.close);
  resolve(h, "plugin_list_open_params", &a.list_open_params);
  resolve(h, "plugin_next_batch", &a.next_batch);
  resolve(h, "plugin_get_fields", &a.get_fields);
  resolve(h, "plugin_extract_fields", &a.extract_fields);
  resolve(h, "plugin_event_to_string", &a.event_to_string);
  resolve(h, "plugin_get_metrics", &a.get_metrics);

  PluginInfo& info = lib->info_;
  info.path = path;

  // 1. Required API version, checked first and exactly as libs' plugin_check_required_api_version.
  if (a.get_required_api_version == nullptr) {
    throw LoadError("plugin_get_required_api_version symbol not implemented");
  }
  info.required_api_version = str_or_empty(a.get_required_api_version());
  uint32_t major = 0, minor = 0, patch = 0;
  if (!parse_version(info.required_api_version.c_str(), &major, &minor, &patch)) {
    throw LoadError("plugin provided an invalid required API version: '" +
                    info.required_api_version + "'");
  }
  const char* failmsg = nullptr;
  if (major != kFrameworkApiMajor) failmsg = "major versions disagree";
  else if (kFrameworkApiMinor < minor) failmsg = "framework's minor is less than the requested one";
  else if (kFrameworkApiMinor == minor && kFrameworkApiPatch < patch)
    failmsg = "framework's patch is less than the requested one";
  if (failmsg != nullptr) {
    throw LoadError("plugin required API version '" + info.required_api_version +
                    "' not compatible with the framework's API version '" + kFrameworkApiVersion +
                    "': " + failmsg);
  }

  // 2. Required symbols (all reported at once, which is friendlier than Falco's first-only).
  std::vector<std::string> missing;
  if (a.get_version == nullptr) missing.push_back("plugin_get_version");
  if (a.get_name == nullptr) missing.push_back("plugin_get_name");
  if (a.get_description == nullptr) missing.push_back("plugin_get_description");
  if (a.get_contact == nullptr) missing.push_back("plugin_get_contact");
  if (a.init == nullptr) missing.push_back("plugin_init");
  if (a.destroy == nullptr) missing.push_back("plugin_destroy");
  if (a.get_last_error == nullptr) missing.push_back("plugin_get_last_error");
  if (!missing.empty()) {
    std::string m;
    for (const auto& s : missing) m += (m.empty() ? "" : ", ") + s;
    throw LoadError("required symbol(s) not implemented: " + m);
  }

  // 3. Descriptive info.
  info.name = str_or_empty(a.get_name());
  info.description = str_or_empty(a.get_description());
  info.contact = str_or_empty(a.get_contact());
  info.version = str_or_empty(a.get_version());
  if (!parse_version(info.version.c_str(), &major, &minor, &patch)) {
    throw LoadError("plugin provided an invalid version string: '" + info.version + "'");
  }

  // 4. Capabilities, with libs' plugin_get_capabilities rules.
  std::string broken;
  const auto add_broken = [&broken](const char* why) { broken += (broken.empty() ? "" : ", ") + std::string(why); };
  if (a.open != nullptr && a.close != nullptr && a.next_batch != nullptr) {
    const bool has_id = a.get_id != nullptr && a.get_id() != 0;
    const bool has_source = a.get_event_source != nullptr && a.get_event_source() != nullptr &&
                            std::strlen(a.get_event_source()) > 0;
    if (has_id == has_source) info.sourcing = true;
    else add_broken("must implement both 'plugin_get_id' and 'plugin_get_event_source' or neither (event sourcing)");
  } else if (a.open != nullptr || a.close != nullptr || a.next_batch != nullptr) {
    add_broken("must implement all of 'plugin_open', 'plugin_close', and 'plugin_next_batch' (event sourcing)");
  }
  if (a.get_fields != nullptr && a.extract_fields != nullptr) {
    info.extraction = true;
  } else if (a.extract_fields != nullptr) {
    add_broken("must implement both 'plugin_get_fields' and 'plugin_extract_fields' (field extraction)");
  }
  info.parsing = dlsym(h, "plugin_parse_event") != nullptr;
  info.async = dlsym(h, "plugin_get_async_events") != nullptr;
  info.metrics = dlsym(h, "plugin_get_metrics") != nullptr;
  if (!broken.empty()) throw LoadError("broken plugin capabilities: " + broken);
  if (!info.sourcing && !info.extraction && !info.parsing && !info.async) {
    throw LoadError("plugin does not implement any capability");
  }
  if (a.get_id != nullptr) info.id = a.get_id();
  if (a.get_event_source != nullptr) info.event_source = str_or_empty(a.get_event_source());
  if (info.event_source == "syscall") {
    throw LoadError("plugin can't implement the reserved event source 'syscall'");
  }
  return lib;
}

bool PluginLibrary::init_schema(std::string* schema) const {
  if (api_.get_init_schema == nullptr) return false;
  fp_schema_type type = FP_SCHEMA_NONE;
  const char* s = api_.get_init_schema(&type);
  if (type != FP_SCHEMA_JSON) return false;
  *schema = str_or_empty(s);
  return true;
}

const char* host_get_owner_last_error(fp_owner* /*owner*/) { return nullptr; }

PluginInstance::PluginInstance(const PluginLibrary& lib, void* state, HostOwner* owner)
    : lib_(lib), state_(state, StateDeleter{lib.api().destroy}), owner_(owner) {}

PluginInstance::InitResult PluginInstance::init(const PluginLibrary& lib, const std::string& config,
                                                bool with_log_fn, HostOwner* owner) {
  PaddedInput<fp_init_input> storage;
  storage.in.config = config.c_str();
  storage.in.owner = owner;
  storage.in.get_owner_last_error = host_get_owner_last_error;
  storage.in.tables = nullptr;
  storage.in.log_fn = with_log_fn ? host_log : nullptr;

  InitResult r;
  fp_rc rc = FP_FAILURE;  // a plugin that never sets rc is treated as failing (as libs does)
  const auto t0 = std::chrono::steady_clock::now();
  void* state = lib.api().init(&storage.in, &rc);
  r.init_ms = ms_since(t0);

  if (rc == FP_SUCCESS && state != nullptr) {
    r.instance.reset(new PluginInstance(lib, state, owner));
    return r;
  }
  if (rc == FP_SUCCESS) {
    r.error = "plugin_init returned success with a NULL state";
    return r;
  }
  if (state == nullptr) {
    r.error = "could not initialize plugin: plugin_init failed (rc=" + std::to_string(rc) +
              ") and returned no state, so no error text is available";
    return r;
  }
  r.error = "could not initialize plugin: " + str_or_empty(lib.api().get_last_error(state));
  lib.api().destroy(state);
  return r;
}

std::string PluginInstance::last_error() const {
  return str_or_empty(api().get_last_error(state_.get()));
}

double PluginInstance::destroy() {
  const auto t0 = std::chrono::steady_clock::now();
  state_.reset();
  return ms_since(t0);
}

Capture::Capture(const PluginInstance& inst, const std::string& params) : inst_(inst) {
  fp_rc rc = FP_FAILURE;
  handle_ = inst.api().open(inst.state(), params.c_str(), &rc);
  ok_ = rc == FP_SUCCESS;
  if (!ok_) {
    error_ = "could not open the event source (rc=" + std::to_string(rc) + "): " + inst.last_error();
  }
}

Capture::~Capture() {
  if (!closed_) inst_.api().close(inst_.state(), handle_);
}

}  // namespace host
