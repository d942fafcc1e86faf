// The names of Falco's log severities, for the plugin's own log lines and the plugin host's.
#pragma once

#include "abi/falco_plugin_abi.h"

namespace fp {

inline bool is_log_severity(int severity) {
  return severity >= FP_LOG_FATAL && severity <= FP_LOG_TRACE;
}

// Lower-case name of `severity`; "unknown" when it is none of Falco's.
inline const char* log_severity_name(int severity) {
  switch (severity) {
    case FP_LOG_FATAL: return "fatal";
    case FP_LOG_CRITICAL: return "critical";
    case FP_LOG_ERROR: return "error";
    case FP_LOG_WARNING: return "warning";
    case FP_LOG_NOTICE: return "notice";
    case FP_LOG_INFO: return "info";
    case FP_LOG_DEBUG: return "debug";
    case FP_LOG_TRACE: return "trace";
    default: return "unknown";
  }
}

}  // namespace fp
