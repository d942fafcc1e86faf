#include "options.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "errors.h"
#include "extract_pattern.h"
#include "requested_fields.h"
#include "plugin_library.h"

namespace host {
namespace {

std::string read_file(const std::string& path, const char* flag) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError(std::string("cannot read ") + flag + " file '" + path + "'");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

uint64_t parse_u64(const std::string& flag, const std::string& v, uint64_t min, uint64_t max) {
  if (v.empty() || v[0] == '-' || v[0] == '+') throw UsageError(flag + " expects a non-negative integer, got '" + v + "'");
  errno = 0;
  char* end = nullptr;
  const unsigned long long n = std::strtoull(v.c_str(), &end, 10);
  if (errno != 0 || end == v.c_str() || *end != '\0') {
    throw UsageError(flag + " expects a non-negative integer, got '" + v + "'");
  }
  if (n < min || n > max) {
    throw UsageError(flag + " must be between " + std::to_string(min) + " and " + std::to_string(max));
  }
  return n;
}

double parse_seconds(const std::string& flag, const std::string& v) {
  errno = 0;
  char* end = nullptr;
  const double d = std::strtod(v.c_str(), &end);
  if (v.empty() || errno != 0 || *end != '\0' || !std::isfinite(d) || d < 0) {
    throw UsageError(flag + " expects a non-negative number of seconds, got '" + v + "'");
  }
  return d;
}

}  // namespace

Options parse_options(int argc, char** argv) {
  Options o;
  std::vector<std::string> args(argv + 1, argv + argc);
  for (size_t i = 0; i < args.size(); ++i) {
    std::string flag = args[i];
    std::string value;
    bool has_inline = false;
    if (flag.rfind("--", 0) == 0) {
      const size_t eq = flag.find('=');
      if (eq != std::string::npos) {
        value = flag.substr(eq + 1);
        flag = flag.substr(0, eq);
        has_inline = true;
      }
    } else if (!flag.empty() && flag[0] == '-' && flag != "-h") {
      throw UsageError("unknown option '" + flag + "'");
    }
    const auto need_value = [&]() -> const std::string& {
      if (has_inline) return value;
      if (i + 1 >= args.size()) throw UsageError(flag + " needs a value");
      value = args[++i];
      return value;
    };
    const auto no_value = [&]() {
      if (has_inline) throw UsageError(flag + " takes no value");
    };

    if (flag == "--help" || flag == "-h") { no_value(); o.help = true; }
    else if (flag == "--plugin") o.plugin_path = need_value();
    else if (flag == "--config") {
      const std::string& v = need_value();
      if (!v.empty() && v[0] == '@') {
        o.config = read_file(v.substr(1), "--config");
        while (!o.config.empty() && (o.config.back() == '\n' || o.config.back() == '\r')) o.config.pop_back();
      } else {
        o.config = v;
      }
      o.config_given = true;
    }
    else if (flag == "--no-log-fn") { no_value(); o.log_fn = false; }
    else if (flag == "--open") o.open_params = need_value();
    else if (flag == "--no-open") { no_value(); o.no_open = true; }
    else if (flag == "--max-events") o.max_events = parse_u64(flag, need_value(), 0, UINT64_MAX);
    else if (flag == "--duration-s") o.duration_s = parse_seconds(flag, need_value());
    else if (flag == "--metrics") o.metrics = true;
    else if (flag == "--reinit-after-events") o.reinit_after_events = parse_u64(flag, need_value(), 1, UINT64_MAX);
    else if (flag == "--event-delay-us") o.event_delay_us = parse_u64(flag, need_value(), 0, 60000000);
    else if (flag == "--fields") {
      for (auto& r : split_request_list(need_value())) o.field_requests.push_back(std::move(r));
    }
    else if (flag == "--fields-file") {
      for (auto& r : read_request_file(need_value())) o.field_requests.push_back(std::move(r));
    }
    else if (flag == "--extract-pattern") {
      for (auto& p : read_extract_pattern(need_value())) {
        o.field_requests.push_back(std::move(p.request));
        o.calls_per_event.push_back(p.calls);
      }
    }
    else if (flag == "--all-fields") { no_value(); o.all_fields = true; }
    else if (flag == "--print-data") { no_value(); o.print_data = true; }
    else if (flag == "--print-string") { no_value(); o.print_string = true; }
    else if (flag == "--quiet") { no_value(); o.quiet = true; }
    else if (flag == "--info") { no_value(); o.info = true; }
    else if (flag == "--schema") { no_value(); o.schema = true; }
    else if (flag == "--list-fields") { no_value(); o.list_fields = true; }
    else if (flag == "--list-open-params") { no_value(); o.list_open_params = true; }
    else if (flag == "--cycles") {
      o.cycles = static_cast<uint32_t>(parse_u64(flag, need_value(), 1, 1000000));
      o.cycle_mode = true;
    }
    else if (flag == "--instances") o.instances = static_cast<uint32_t>(parse_u64(flag, need_value(), 1, 64));
    else if (flag == "--cross-thread") { no_value(); o.cross_thread = true; }
    else if (flag == "--no-close") { no_value(); o.no_close = true; }
    else if (flag == "--no-destroy") { no_value(); o.no_destroy = true; }
    else if (flag.rfind("--", 0) == 0) throw UsageError("unknown option '" + flag + "'");
    else if (o.plugin_path.empty()) o.plugin_path = flag;
    else throw UsageError("unexpected argument '" + flag + "' (the plugin path is already '" + o.plugin_path + "')");
  }
  if (o.help) return o;
  if (o.plugin_path.empty()) throw UsageError("no plugin given (k8saudit-host [options] <plugin.so>)");
  if (o.no_open && !o.open_params.empty()) throw UsageError("--open and --no-open exclude each other");
  if (!o.calls_per_event.empty() && (o.all_fields || o.calls_per_event.size() != o.field_requests.size())) {
    throw UsageError("--extract-pattern cannot be combined with other field flags");
  }
  return o;
}

std::string help_text() {
  std::string t =
      "Usage: k8saudit-host [options] <plugin.so>\n"
      "\n"
      "Loads a Falco plugin (plugin API 3.x) the way Falco does and drives it: dlopen\n"
      "(RTLD_LOCAL|RTLD_NOW), required-API check against framework " + std::string(kFrameworkApiVersion) + ", init,\n"
      "open, next_batch, one-field-per-call extraction, close, destroy.\n"
      "\n"
      "  --plugin PATH          the plugin (same as the positional argument; a bare file\n"
      "                         name that exists in the current directory is opened as ./NAME)\n"
      "\n"
      "Info (print, then exit; several may be combined):\n"
      "  --info                 name, version, id, event source, description, contact,\n"
      "                         required API version and capabilities, as one JSON object\n"
      "  --schema               the init schema the plugin declares (raw text)\n"
      "  --list-fields          the plugin's fields, one per line: name<TAB>list|scalar<TAB>\n"
      "                         arg kind (none|index|key|index|key[,required])<TAB>type\n"
      "  --list-open-params     inits the plugin and prints plugin_list_open_params (raw)\n"
      "\n"
      "Init:\n"
      "  --config JSON|@FILE    init config (default: empty, passed as {} when the plugin\n"
      "                         declares a JSON init schema, as Falco does)\n"
      "  --no-log-fn            pass log_fn = NULL (plugin logs are otherwise printed on\n"
      "                         stderr as: [plugin-log] <SEVERITY> <component>: <msg>)\n"
      "\n"
      "Capture:\n"
      "  --open PARAMS          open parameters (default: empty string)\n"
      "  --no-open              only init and destroy (no open, no events)\n"
      "  --max-events N         stop a capture after N events (0 = no limit)\n"
      "  --duration-s S         stop a capture after S seconds of wall time (0 = no limit)\n"
      "                         SIGINT/SIGTERM stop cleanly at the end of the batch (close,\n"
      "                         destroy, summary)\n"
      "  --event-delay-us N     sleep N microseconds after each event (a slow Falco)\n"
      "  --metrics              read plugin_get_metrics at the end of each capture (before\n"
      "                         close); the summary gains \"metrics\" of the last capture\n"
      "  --reinit-after-events N  as Falco's hot reload: once a capture has N events, the\n"
      "                         next event returned is dropped (as Falco's loop drops it),\n"
      "                         the instance is closed and destroyed, a new one is made and\n"
      "                         opened, and reading goes on; --max-events counts all of them\n"
      "\n"
      "Fields (extracted for every event, one field per plugin_extract_fields call):\n"
      "  --fields LIST          comma-separated requests, name or name[arg], e.g.\n"
      "                         'ka.verb,ka.uri.param[command],ka.req.pod.containers.image[0]'\n"
      "  --fields-file FILE     one request per line ('#' comments and blank lines skipped)\n"
      "  --all-fields           every field without an argument (required-argument fields\n"
      "                         skipped)\n"
      "  --extract-pattern FILE Falco's measured pattern instead: one '<request> <calls per\n"
      "                         event>' per line; a field with w >= 1 is asked floor(w) times\n"
      "                         (+1 with probability frac(w)), a rarer one once for a share w\n"
      "                         of the events (the same draw for all rare fields of an event)\n"
      "\n"
      "Output (stdout; one JSON line per event, then one summary line):\n"
      "  --print-data           add \"data\": the event data bytes as a JSON string\n"
      "  --print-string         add \"string\": plugin_event_to_string output\n"
      "  --quiet                no per-event lines (fields are still extracted)\n"
      "\n"
      "Lifecycle stress:\n"
      "  --cycles N             repeat init, open, read, close, destroy N times; the summary\n"
      "                         gains cycles, rss_kb_per_cycle, init_ms_later, ...\n"
      "  --instances N          run N independent instances at once, each on its own thread\n"
      "  --cross-thread         init/destroy on one thread, open/next_batch/extract/close on\n"
      "                         another (a new thread per cycle)\n"
      "  --no-close             destroy without calling close (source still open)\n"
      "  --no-destroy           never call destroy nor dlclose; the process exits with the\n"
      "                         instance alive\n"
      "\n"
      "  -h, --help             this text\n"
      "\n"
      "Exit status: 0 when the run ended by eof, max_events, duration or signal (or for\n"
      "--no-open, done); 1 on a plugin failure, a load error or bad usage (message on stderr,\n"
      "prefixed 'k8saudit-host: ').\n";
  return t;
}

}  // namespace host
