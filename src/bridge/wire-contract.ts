// What the JS side and the native shim must agree on, defined once. The build writes these values
// into a C++ header (scripts/native-contract.mjs), which the shim and the test addon include.
//
// Byte layouts, little-endian; "string" is a u32 byte length then the UTF-8 bytes, "+ NUL" a
// terminating zero byte not counted in the length (it lets Falco be handed pointers in place):
//   event batch (pushBatch, JS -> shim): u32 event count, u32 slot count K; per event: u64 ts,
//     string (the audit event JSON), then K value blocks in slot order.
//   value table (answer to EXTRACT): u32 slot count K, then K value blocks in slot order.
//   value block: u8 VALUE_STATUS; values: u32 count, count x (string + NUL); error: string + NUL.
//   metrics (answer to METRICS): u32 count; per metric: u8 METRIC_KIND, string + NUL, u64 value.

/** The linked binding the shim gives the bundle: process._linkedBinding(BINDING_NAME). */
export const BINDING_NAME = 'k8saudit_ovh';

/** The operations the shim calls the JS dispatcher with: dispatch(operation, argument). */
export const OPERATION = {
  /** argument: the init_config text */
  init: 'init',
  /** argument: the open_params text */
  open: 'open',
  close: 'close',
  destroy: 'destroy',
  /** the event queue has room again: read on */
  drain: 'drain',
  /** argument: the event data bytes; answer: its value table */
  extract: 'extract',
  /** answer: the metrics bytes */
  metrics: 'metrics',
} as const;

/** The argument of a field request Falco made (the `kind` of a native field request). */
export const ARG_KIND = { none: 0, index: 1, key: 2 } as const;

/** The first byte of a value block. */
export const VALUE_STATUS = { values: 0, error: 1 } as const;

/** The first byte of a metric. */
export const METRIC_KIND = { nonMonotonic: 0, monotonic: 1 } as const;

/** The log severities JS uses, with Falco's numbers (ss_plugin_log_severity). */
export const SEVERITY = { error: 3, warning: 4, info: 6, debug: 7 } as const;

export type Operation = (typeof OPERATION)[keyof typeof OPERATION];
export type ArgKind = (typeof ARG_KIND)[keyof typeof ARG_KIND];
