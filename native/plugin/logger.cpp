#include "plugin/logger.h"

#include <unistd.h>

namespace k8s {

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

std::string redact_token(std::string text) {
  size_t at = 0;
  while ((at = text.find("tk=", at)) != std::string::npos) {
    at += 3;
    size_t end = at;
    while (end < text.size() && text[end] != '&' && text[end] != ' ' && text[end] != '"' &&
           text[end] != '\'' && text[end] != '\n' && text[end] != '#') {
      ++end;
    }
    if (end > at && text.compare(at, end - at, "***") != 0) text.replace(at, end - at, "***");
  }
  return text;
}

void Logger::log(int severity, const std::string& message) const {
  const std::string safe = redact_token(message);
  if (fn_ != nullptr) {
    fn_(owner_, "k8saudit-ovh", safe.c_str(), static_cast<fp_log_severity>(severity));
    return;
  }
  const std::string line = std::string("[k8saudit-ovh] ") + severity_name(severity) + ": " + safe + "\n";
  ssize_t ignored = ::write(STDERR_FILENO, line.data(), line.size());
  (void)ignored;
}

}  // namespace k8s
