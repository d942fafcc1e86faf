// Init-config keys of the LDP source. The lead composes the plugin schema from these properties.

export interface LdpConfig {
  /** First reconnect delay in ms; doubles after each failed attempt. */
  readonly reconnectInitialDelayMs: number;
  /** Upper bound of the reconnect delay in ms. */
  readonly reconnectMaxDelayMs: number;
  /** Idle time (nothing received) in ms after which a ping is sent. */
  readonly keepaliveIntervalMs: number;
  /** Time in ms to wait for the pong before the connection is declared dead and replaced. */
  readonly keepaliveTimeoutMs: number;
  /** After a reconnect, replay from the last seen LDP timestamp minus this many seconds. */
  readonly replayOverlapSeconds: number;
  /** Number of recent event keys (auditID + stageTimestamp) remembered to drop replayed duplicates. */
  readonly dedupWindow: number;
  /** Time in ms allowed for TCP connect + TLS + WebSocket handshake. */
  readonly handshakeTimeoutMs: number;
  /** Optional path to a PEM CA bundle trusted for wss://, in addition to Node's bundled roots. */
  readonly caFile?: string | undefined;
}

export const LDP_CONFIG_DEFAULTS: LdpConfig = {
  reconnectInitialDelayMs: 1000,
  reconnectMaxDelayMs: 60000,
  keepaliveIntervalMs: 30000,
  keepaliveTimeoutMs: 10000,
  replayOverlapSeconds: 5,
  dedupWindow: 100000,
  handshakeTimeoutMs: 15000,
};

interface SchemaProperty {
  readonly type: 'integer' | 'string';
  readonly title: string;
  readonly description: string;
  readonly default?: number | string;
  readonly minimum?: number;
}

/** JSON-schema (draft-04) property objects for the keys above. */
export const ldpConfigSchemaProperties: Readonly<Record<keyof LdpConfig, SchemaProperty>> = {
  reconnectInitialDelayMs: {
    type: 'integer',
    title: 'Initial reconnect delay (ms)',
    description: 'First delay before reconnecting to LDP; doubles (with jitter) after each failed attempt (Default: 1000)',
    default: LDP_CONFIG_DEFAULTS.reconnectInitialDelayMs,
    minimum: 1,
  },
  reconnectMaxDelayMs: {
    type: 'integer',
    title: 'Maximum reconnect delay (ms)',
    description: 'Upper bound of the reconnect delay (Default: 60000)',
    default: LDP_CONFIG_DEFAULTS.reconnectMaxDelayMs,
    minimum: 1,
  },
  keepaliveIntervalMs: {
    type: 'integer',
    title: 'Keepalive idle time (ms)',
    description: 'A WebSocket ping is sent when nothing was received for this long (Default: 30000)',
    default: LDP_CONFIG_DEFAULTS.keepaliveIntervalMs,
    minimum: 1,
  },
  keepaliveTimeoutMs: {
    type: 'integer',
    title: 'Keepalive timeout (ms)',
    description: 'Without a pong (or any data) this long after a ping, the connection is dropped and re-opened (Default: 10000)',
    default: LDP_CONFIG_DEFAULTS.keepaliveTimeoutMs,
    minimum: 1,
  },
  replayOverlapSeconds: {
    type: 'integer',
    title: 'Replay overlap (s)',
    description: 'After a reconnect, events are replayed from the last seen LDP timestamp minus this many seconds; duplicates are dropped by auditID (Default: 5)',
    default: LDP_CONFIG_DEFAULTS.replayOverlapSeconds,
    minimum: 0,
  },
  dedupWindow: {
    type: 'integer',
    title: 'Duplicate-detection window',
    description: 'Number of recent events (auditID + stageTimestamp) remembered to drop duplicates after a replay; 0 disables it (Default: 100000)',
    default: LDP_CONFIG_DEFAULTS.dedupWindow,
    minimum: 0,
  },
  handshakeTimeoutMs: {
    type: 'integer',
    title: 'Handshake timeout (ms)',
    description: 'Time allowed to connect and complete the TLS and WebSocket handshakes (Default: 15000)',
    default: LDP_CONFIG_DEFAULTS.handshakeTimeoutMs,
    minimum: 1,
  },
  caFile: {
    type: 'string',
    title: 'CA bundle',
    description: 'Path to a PEM file of CA certificates trusted for wss:// in addition to the bundled roots (Default: none)',
  },
};

/** Fills missing keys with defaults (validation itself is done with the plugin schema). */
export function resolveLdpConfig(partial: Partial<LdpConfig> = {}): LdpConfig {
  const out: { -readonly [K in keyof LdpConfig]: LdpConfig[K] } = { ...LDP_CONFIG_DEFAULTS };
  for (const key of Object.keys(ldpConfigSchemaProperties) as (keyof LdpConfig)[]) {
    const value = partial[key];
    if (value !== undefined) (out as Record<string, unknown>)[key] = value;
  }
  return out;
}
