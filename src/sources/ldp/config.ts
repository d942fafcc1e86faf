// The init_config keys the LDP source reads. The plugin's JSON schema, its defaults and its config
// type are derived from these rows together with the plugin's own (src/config/keys.ts).
import { type ConfigOf, defaultsOf, type KeyTable } from '../../util/config-keys.js';

export const LDP_CONFIG_KEYS = {
  reconnectInitialDelayMs: {
    type: 'integer',
    title: 'Initial reconnect delay (ms)',
    description: 'First delay before reconnecting to LDP; doubles (with jitter) after each failed attempt',
    default: 1000,
    minimum: 1,
  },
  reconnectMaxDelayMs: {
    type: 'integer',
    title: 'Maximum reconnect delay (ms)',
    description: 'Upper bound of the reconnect delay',
    default: 60000,
    minimum: 1,
  },
  keepaliveIntervalMs: {
    type: 'integer',
    title: 'Keepalive idle time (ms)',
    description: 'A WebSocket ping is sent when nothing was received for this long',
    default: 30000,
    minimum: 1,
  },
  keepaliveTimeoutMs: {
    type: 'integer',
    title: 'Keepalive timeout (ms)',
    description: 'Without a pong (or any data) this long after a ping, the connection is dropped and re-opened',
    default: 10000,
    minimum: 1,
  },
  replayOverlapSeconds: {
    type: 'integer',
    title: 'Replay overlap (s)',
    description: 'After a reconnect, events are replayed from the last seen LDP timestamp minus this many seconds; duplicates are dropped by auditID',
    default: 5,
    minimum: 0,
  },
  dedupWindow: {
    type: 'integer',
    title: 'Duplicate-detection window',
    description: 'Number of recent events (auditID + stageTimestamp) remembered to drop duplicates after a replay, about 40 bytes each, allocated when the stream opens; 0 disables it',
    default: 100000,
    minimum: 0,
    maximum: 10_000_000,
  },
  handshakeTimeoutMs: {
    type: 'integer',
    title: 'Handshake timeout (ms)',
    description: 'Time allowed to connect and complete the TLS and WebSocket handshakes',
    default: 15000,
    minimum: 1,
  },
  caFile: {
    type: 'string',
    title: 'CA bundle',
    description: 'Path to a PEM file of CA certificates trusted for wss:// in addition to the bundled roots',
  },
  checkpointFile: {
    type: 'string',
    title: 'Checkpoint file',
    description: 'File where the LDP stream position is kept (no token in it), so a restarted Falco resumes where it stopped; its folder must be writable. None: a restart starts live',
  },
  checkpointIntervalSeconds: {
    type: 'number',
    title: 'Checkpoint interval (s)',
    description: 'Seconds between checkpoint writes (it is also written at close); a crash repeats at most this much of the stream',
    default: 0.5,
    minimum: 0.1,
  },
  checkpointMaxAgeSeconds: {
    type: 'integer',
    title: 'Checkpoint maximum age (s)',
    description: 'An older checkpoint is ignored and the stream starts live',
    default: 3600,
    minimum: 1,
  },
} as const satisfies KeyTable;

export type LdpConfig = ConfigOf<typeof LDP_CONFIG_KEYS>;

/** Fills missing keys with their defaults (validation itself is done with the plugin schema). */
export function resolveLdpConfig(partial: Partial<LdpConfig> = {}): LdpConfig {
  const out: Record<string, unknown> = { ...defaultsOf(LDP_CONFIG_KEYS) };
  for (const key of Object.keys(LDP_CONFIG_KEYS) as (keyof LdpConfig)[]) {
    const value = partial[key];
    if (value !== undefined) out[key] = value;
  }
  return out as LdpConfig;
}
