#include "plugin/logger.h"

#include <unistd.h>

#include "abi/log_severity.h"
#include "core/redact.h"
#include "generated/plugin_identity.h"
#include "generated/wire_contract.h"

namespace k8s {

static_assert(static_cast<int>(wire::Severity::kError) == FP_LOG_ERROR &&
                  static_cast<int>(wire::Severity::kWarning) == FP_LOG_WARNING &&
                  static_cast<int>(wire::Severity::kInfo) == FP_LOG_INFO &&
                  static_cast<int>(wire::Severity::kDebug) == FP_LOG_DEBUG,
              "the severities JS logs with are Falco's");

void Logger::log(int severity, const std::string& message) const {
  // Falco gets one of its own severities whatever JS sent.
  const auto level =
      static_cast<fp_log_severity>(fp::is_log_severity(severity) ? severity : FP_LOG_TRACE);
  const std::string safe = redact_secrets(message);
  if (fn_ != nullptr) {
    fn_(owner_, identity::kName, safe.c_str(), level);
    return;
  }
  const std::string line =
      std::string("[") + identity::kName + "] " + fp::log_severity_name(level) + ": " + safe + "\n";
  ssize_t ignored = ::write(STDERR_FILENO, line.data(), line.size());
  (void)ignored;
}

}  // namespace k8s
