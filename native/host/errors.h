// Error types shared by the host's modules.
#pragma once

#include <stdexcept>

namespace host {

// A problem with what the user asked for (flags, field requests): exit code 1, no plugin failure.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace host
