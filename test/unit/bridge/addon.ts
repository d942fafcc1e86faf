// Loads the bridge built as a plain Node addon (binding.gyp): the same native event path the
// plugin uses inside Falco, driven from the test as Falco would drive it.
import { createRequire } from 'node:module';
import * as path from 'node:path';
import type { BridgeFunctions } from '../../../src/bridge/native-binding.js';

export interface HeldEvent {
  valid: boolean;
  ts: bigint;
  pluginId: number;
  data: Buffer;
  raw: Buffer;
}

export interface Channel extends BridgeFunctions {
  nextBatch(maxEvents?: number): { result: 'events' | 'timeout' | 'end' | 'failed'; error?: string; events: HeldEvent[] };
  requestField(id: number, kind: 0 | 1 | 2, index?: bigint, key?: string): number;
  precomputed(eventIndex: number, slot: number): { values: string[] } | { error: string } | null;
  setDrainListener(fn: () => void): void;
  takeLogs(): string[];
}

const require = createRequire(__filename);
const addon = require(path.resolve(__dirname, '../../../build/Release/k8saudit_bridge.node')) as {
  redactSecrets(text: string): string;
  Channel: new (options?: { pluginId?: number; maxEvents?: number; maxBytes?: number }) => Channel;
};

export function newChannel(options?: { pluginId?: number; maxEvents?: number; maxBytes?: number }): Channel {
  return new addon.Channel(options);
}

/** The shim's redaction (native/core/redact.h). */
export function nativeRedactSecrets(text: string): string {
  return addon.redactSecrets(text);
}
