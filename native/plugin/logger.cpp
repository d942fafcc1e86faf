#include "plugin/logger.h"

#include <unistd.h>

#include "core/redact.h"
#include "generated/wire_contract.h"

namespace k8s {

static_assert(static_cast<int>(wire::Severity::kError) == FP_LOG_ERROR &&
                  static_cast<int>(wire::Severity::kWarning) == FP_LOG_WARNING &&
                  static_cast<int>(wire::Severity::kInfo) == FP_LOG_INFO &&
                  static_cast<int>(wire::Severity::kDebug) == FP_LOG_DEBUG,
              "the severities JS logs with are Falco's");

namespace {
const char* severity_name(int sev) {
  switch (sev) {
    case FP_LOG_FATAL: return "fatal";
    case FP_LOG_CRITICAL: return "critical";
    case FP_LOG_ERROR: return "error";
    case FP_LOG_WARNING: return "warning";
    case FP_LOG_NOTICE: return "notice";
    case FP_LOG_INFO: return "info";
    case FP_LOG_DEBUG: return "debug";
    default: return "trace";
  }
}
}  // namespace

void Logger::log(int severity, const std::string& message) const {
  const std::string safe = redact_secrets(message);
  if (fn_ != nullptr) {
    fn_(owner_, "k8saudit-ovh", safe.c_str(), static_cast<fp_log_severity>(severity));
    return;
  }
  const std::string line = std::string("[k8saudit-ovh] ") + severity_name(severity) + ": " + safe + "\n";
  ssize_t ignored = ::write(STDERR_FILENO, line.data(), line.size());
  (void)ignored;
}

}  // namespace k8s
