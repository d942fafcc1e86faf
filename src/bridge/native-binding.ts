// The functions the native side gives the JS side: inside Falco through
// process._linkedBinding(BINDING_NAME), in unit tests through the Channel of the plain addon.
import type { ArgKind, Operation } from './wire-contract.js';

export { SEVERITY } from './wire-contract.js';

/** One field request Falco made: its field ID and argument (kind: ARG_KIND). */
export interface NativeFieldRequest {
  readonly id: number;
  readonly kind: ArgKind;
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
 * Falco -> JS calls: dispatch(op, arg), answered synchronously; throw to fail. The operations and
 * their arguments are those of OPERATION (wire-contract.ts).
 */
export type Dispatch = (op: Operation | string, arg: string | Uint8Array) => unknown;

export interface PluginBinding extends BridgeFunctions {
  register(dispatch: Dispatch): void;
}
