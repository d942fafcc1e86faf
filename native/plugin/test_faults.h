// Deliberate C++ exceptions for the tests of the entry points' catch-all, chosen with the
// environment variable K8SAUDIT_OVH_TEST_FAULT, like the JS faults of src/plugin/test-faults.ts
// (unset in production: then nothing here does anything).
//   native-throw-in-init        Instance::init throws a std::runtime_error
//   native-throw-in-open        Instance::open throws a value that is not a std::exception
//   native-throw-in-next-batch  Instance::next_batch throws a std::runtime_error
//   native-throw-in-extract     Instance::extract throws a value that is not a std::exception
#pragma once

namespace k8s {

enum class NativeFault { kNone, kThrowInInit, kThrowInOpen, kThrowInNextBatch, kThrowInExtract };

// The fault the environment asks for (read once per process).
NativeFault native_test_fault();

// Throws the fault's exception when `fault` is the one the environment asks for.
void inject_native_fault(NativeFault fault);

}  // namespace k8s
