// Command line of k8saudit-host.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace host {

struct Options {
  std::string plugin_path;

  // init
  std::string config;          // --config '<json>' or --config @file (file contents)
  bool config_given = false;
  bool log_fn = true;          // --no-log-fn clears it

  // capture
  std::string open_params;     // --open
  bool no_open = false;        // --no-open: init and destroy only
  uint64_t max_events = 0;     // 0 = no limit (per capture)
  double duration_s = 0;       // 0 = no limit (per capture)
  uint64_t event_delay_us = 0;  // sleep after each event: a slow consumer
  bool metrics = false;         // read plugin_get_metrics at the end of each capture
  uint64_t reinit_after_events = 0;  // hot reload: new instance after every N events (0 = never)

  // fields
  std::vector<std::string> field_requests;  // from --fields and --fields-file, in order
  bool all_fields = false;
  std::vector<double> calls_per_event;  // --extract-pattern: per field_requests entry

  // output
  bool print_data = false;
  bool print_string = false;
  bool quiet = false;

  // info modes (print and exit)
  bool info = false;
  bool schema = false;
  bool list_fields = false;
  bool list_open_params = false;

  // lifecycle stress
  uint32_t cycles = 1;
  bool cycle_mode = false;     // --cycles was given
  uint32_t instances = 1;
  bool cross_thread = false;
  bool no_close = false;
  bool no_destroy = false;

  bool help = false;

  bool info_mode() const { return info || schema || list_fields || list_open_params; }
};

// Parses argv. Accepts "--flag value" and "--flag=value". Throws UsageError.
Options parse_options(int argc, char** argv);

std::string help_text();

}  // namespace host
