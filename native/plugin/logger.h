// Plugin log lines: through Falco's log callback when Falco gives one, else to stderr with a
// "[k8saudit-ovh]" prefix in one write(2) call. Every line is redacted (core/redact.h).
#pragma once

#include <string>

#include "abi/falco_plugin_abi.h"

namespace k8s {

class Logger {
 public:
  Logger(fp_log_fn fn, fp_owner* owner) : fn_(fn), owner_(owner) {}
  void log(int severity, const std::string& message) const;

 private:
  fp_log_fn fn_;
  fp_owner* owner_;
};

}  // namespace k8s
