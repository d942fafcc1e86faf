// Every init_config key, once: the plugin's own rows here, the LDP source's rows in
// src/sources/ldp/config.ts. The schema Falco gets, the defaults and PluginConfig derive from
// INIT_CONFIG_KEYS; upstream k8saudit's four keys are kept so existing falco.yaml files load.
import { type ConfigOf, defaultsOf, type KeyTable } from '../util/config-keys.js';
import { LDP_CONFIG_KEYS } from '../sources/ldp/config.js';

/** The plugin's own keys: the limits it hands to every source, batching, and upstream's keys it accepts unused. */
const PLUGIN_KEYS = {
  sslCertificate: {
    type: 'string',
    title: 'SSL certificate',
    description: 'Accepted for compatibility with k8saudit (webhook TLS); unused by the LDP source',
    default: '/etc/falco/falco.pem',
  },
  useAsync: {
    type: 'boolean',
    title: 'Use async extraction',
    description: 'Accepted for compatibility with k8saudit; extraction never spins here',
  },
  maxEventSize: {
    type: 'integer',
    title: 'Maximum event size',
    description: 'Maximum size of single audit event in bytes; larger events are dropped and counted',
    default: 262144,
    minimum: 0,
    maximum: 4294967295,
  },
  webhookMaxBatchSize: {
    type: 'integer',
    title: 'Maximum webhook request size',
    description: 'Accepted for compatibility with k8saudit; unused by the LDP source',
    default: 12582912,
    minimum: 0,
  },
  maxPayloadSize: {
    type: 'integer',
    title: 'Maximum payload size',
    description: 'Largest WebSocket message or file line read, in bytes; larger ones are skipped and counted',
    default: 16 * 1024 * 1024,
    minimum: 1024,
  },
  batchMaxEvents: {
    type: 'integer',
    title: 'Events per batch',
    description: 'Most events handed to Falco in one batch',
    default: 256,
    minimum: 1,
    maximum: 4096,
  },
  precomputeFields: {
    type: 'boolean',
    title: 'Precompute field values',
    description: 'Compute the values of the fields Falco asks for when events arrive, so extraction does not wait for JavaScript',
    default: true,
  },
} as const satisfies KeyTable;

export const INIT_CONFIG_KEYS = { ...PLUGIN_KEYS, ...LDP_CONFIG_KEYS } as const satisfies KeyTable;

export type PluginConfig = ConfigOf<typeof INIT_CONFIG_KEYS>;

export const INIT_CONFIG_DEFAULTS: PluginConfig = defaultsOf(INIT_CONFIG_KEYS);
