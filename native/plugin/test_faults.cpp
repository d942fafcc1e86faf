#include "plugin/test_faults.h"

#include <cstdlib>
#include <stdexcept>
#include <string_view>

namespace k8s {

namespace {

NativeFault read_fault() {
  const char* value = std::getenv("K8SAUDIT_OVH_TEST_FAULT");
  const std::string_view name = value != nullptr ? value : "";
  if (name == "native-throw-in-init") return NativeFault::kThrowInInit;
  if (name == "native-throw-in-open") return NativeFault::kThrowInOpen;
  if (name == "native-throw-in-next-batch") return NativeFault::kThrowInNextBatch;
  if (name == "native-throw-in-extract") return NativeFault::kThrowInExtract;
  return NativeFault::kNone;
}

// Not derived from std::exception: what only catch (...) can stop.
struct InjectedFault {};

}  // namespace

NativeFault native_test_fault() {
  static const NativeFault fault = read_fault();
  return fault;
}

void inject_native_fault(NativeFault fault) {
  if (fault == NativeFault::kNone || fault != native_test_fault()) return;
  switch (fault) {
    case NativeFault::kThrowInInit:
      throw std::runtime_error("injected fault: C++ exception in init");
    case NativeFault::kThrowInNextBatch:
      throw std::runtime_error("injected fault: C++ exception in next_batch");
    default:
      throw InjectedFault{};
  }
}

}  // namespace k8s
