// The functions the native side gives the JS side: inside Falco through
// process._linkedBinding('k8saudit_ovh'), in unit tests through the Channel of the plain addon.

/** One field request Falco made: kind 0 = no argument, 1 = index, 2 = key. */
export interface NativeFieldRequest {
  readonly id: number;
  readonly kind: 0 | 1 | 2;
  readonly index: bigint;
  readonly key: string;
}

export interface BridgeFunctions {
  /** Queues a batch (batch-encoder.ts format); false when the consumer is full. Throws on bad bytes. */
  pushBatch(batch: Uint8Array): boolean;
  end(): void;
  fail(message: string): void;
  log(severity: number, message: string): void;
  /** The requests Falco made from slot `known` on, in slot order. */
  fieldRequests(known: number): NativeFieldRequest[];
  /** Events of this capture handed to Falco, and those it is done with (it asked for more since). */
  deliveryProgress(): { returned: number; finished: number };
  /** Process-wide: keeps a stream's position for the next plugin instance (hot reload). */
  keepStreamPosition(stream: string, position: string): void;
  /** Process-wide: the position kept for `stream`, removed; undefined when none. */
  takeStreamPosition(stream: string): string | undefined;
}

/**
 * Falco -> JS calls: dispatch(op, arg), answered synchronously; throw to fail. arg is the text
 * of init/open, or the event data of 'extract' (compute every requested field of that event).
 */
export type Dispatch = (op: string, arg: string | Uint8Array) => unknown;

export interface PluginBinding extends BridgeFunctions {
  register(dispatch: Dispatch): void;
}

/** Falco's log severities (ss_plugin_log_severity). */
export const SEVERITY = { error: 3, warning: 4, info: 6, debug: 7 } as const;
