// Deliberate faults for the robustness tests of the native shim, chosen with the environment
// variable K8SAUDIT_OVH_TEST_FAULT (unset in production: then nothing here does anything).
//   throw-in-extract  the JS extraction throws (must surface as an extraction error string)
//   exit-in-open      plugin code calls process.exit(3) during open (must become a plugin error)
//   throw-async       an uncaught exception escapes a timer after open (must fail the capture)
export type TestFault = 'throw-in-extract' | 'exit-in-open' | 'throw-async' | undefined;

export function testFault(): TestFault {
  const v = process.env['K8SAUDIT_OVH_TEST_FAULT'];
  return v === 'throw-in-extract' || v === 'exit-in-open' || v === 'throw-async' ? v : undefined;
}
