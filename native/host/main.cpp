// k8saudit-host: loads a Falco plugin the way Falco does and drives it (see --help).
#include <unistd.h>

#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "errors.h"
#include "requested_fields.h"
#include "fields_json.h"
#include "options.h"
#include "output.h"
#include "plugin_library.h"
#include "runner.h"
#include "summary.h"

namespace host {
namespace {

void print_error(const std::string& msg) { std::fprintf(stderr, "k8saudit-host: %s\n", msg.c_str()); }

// Falco replaces an empty init config with "{}" when the plugin declares a JSON init schema
// (libsinsp validate_init_config); without a schema the empty string is passed as is.
std::string effective_config(const Options& opt, const PluginLibrary& lib) {
  if (!opt.config.empty()) return opt.config;
  std::string schema;
  return lib.init_schema(&schema) ? std::string("{}") : std::string();
}

// dlopen searches the library path for a name without '/'; a file of that name in the current
// directory is what a user means, so it is opened as ./name.
std::string dlopen_path(const std::string& path) {
  if (path.find('/') == std::string::npos && access(path.c_str(), F_OK) == 0) return "./" + path;
  return path;
}

std::vector<FieldInfo> field_table(const PluginLibrary& lib) {
  if (!lib.info().extraction) return {};
  return parse_field_list(lib.api().get_fields());
}

int run_info(const Options& opt) {
  std::unique_ptr<PluginLibrary> lib;
  try {
    lib = PluginLibrary::load(dlopen_path(opt.plugin_path));
  } catch (const std::exception& e) {
    print_error(e.what());
    return 1;
  }
  if (opt.info) std::printf("%s\n", info_json(lib->info()).c_str());
  if (opt.schema) {
    std::string schema;
    if (lib->init_schema(&schema)) std::printf("%s\n", schema.c_str());
    else print_error("the plugin declares no init schema");
  }
  if (opt.list_fields) {
    if (!lib->info().extraction) {
      print_error("the plugin has no field extraction capability");
    } else {
      try {
        for (const auto& f : field_table(*lib)) {
          std::printf("%s\t%s\t%s\t%s\n", f.name.c_str(), f.is_list ? "list" : "scalar",
                      f.arg_kind().c_str(), f.type_name.c_str());
        }
      } catch (const std::exception& e) {
        print_error(e.what());
        return 1;
      }
    }
  }
  if (opt.list_open_params) {
    if (lib->api().list_open_params == nullptr) {
      print_error("the plugin does not implement plugin_list_open_params");
    } else {
      HostOwner owner{lib->info().name, 0};
      auto init = PluginInstance::init(*lib, effective_config(opt, *lib), opt.log_fn, &owner);
      if (!init.instance) {
        print_error(init.error);
        return 1;
      }
      fp_rc rc = FP_FAILURE;
      const char* params = lib->api().list_open_params(init.instance->state(), &rc);
      if (rc != FP_SUCCESS) {
        print_error("plugin_list_open_params failed: " + init.instance->last_error());
        return 1;
      }
      std::printf("%s\n", params != nullptr ? params : "");
    }
  }
  std::fflush(stdout);
  return 0;
}

int run_capture(const Options& opt) {
  LineSink sink;
  const auto fail = [&](const std::string& msg) {
    print_error(msg);
    RunTotals t;
    t.result = EndReason::Failure;
    t.instances = opt.instances;
    t.errors.add(msg);
    sink.write_line(summary_line(t, opt.cycle_mode));
    sink.flush();
    return 1;
  };

  std::unique_ptr<PluginLibrary> lib;
  try {
    lib = PluginLibrary::load(dlopen_path(opt.plugin_path));
  } catch (const std::exception& e) {
    return fail(e.what());
  }
  const PluginInfo& info = lib->info();
  if (!opt.no_open && !info.sourcing) {
    return fail("the plugin has no event sourcing capability (nothing to open; --no-open runs init/destroy only)");
  }

  std::vector<RequestedField> requests;
  try {
    const std::vector<FieldInfo> fields = field_table(*lib);
    std::vector<std::string> texts = opt.field_requests;
    if ((opt.all_fields || !texts.empty()) && !info.extraction) {
      return fail("the plugin has no field extraction capability, fields cannot be requested");
    }
    if (opt.all_fields) {
      std::vector<std::string> skipped;
      for (auto& t : all_field_requests(fields, &skipped)) texts.push_back(std::move(t));
      if (!skipped.empty()) {
        std::string list;
        for (const auto& s : skipped) list += (list.empty() ? "" : ", ") + s;
        print_error("--all-fields skips " + std::to_string(skipped.size()) +
                    " field(s) needing an argument or of a type this host cannot extract: " + list);
      }
    }
    requests = resolve_fields(texts, fields);
  } catch (const std::exception& e) {
    return fail(e.what());
  }
  if (opt.print_string && lib->api().event_to_string == nullptr) {
    print_error("the plugin does not implement plugin_event_to_string; \"string\" will be null");
  }

  const RunTotals totals = run(*lib, opt, requests, effective_config(opt, *lib), sink);
  sink.write_line(summary_line(totals, opt.cycle_mode));
  sink.flush();
  if (totals.result == EndReason::Failure) print_error(totals.errors.first());
  if (opt.no_destroy) lib->leak();  // exit with the library still mapped and the instances alive
  return totals.result == EndReason::Failure ? 1 : 0;
}

}  // namespace
}  // namespace host

int main(int argc, char** argv) {
  using namespace host;
  Options opt;
  try {
    opt = parse_options(argc, argv);
  } catch (const std::exception& e) {
    print_error(e.what());
    std::fprintf(stderr, "Try 'k8saudit-host --help'.\n");
    return 1;
  }
  if (opt.help) {
    std::fputs(help_text().c_str(), stdout);
    return 0;
  }
  install_stop_signals();
  return opt.info_mode() ? run_info(opt) : run_capture(opt);
}
