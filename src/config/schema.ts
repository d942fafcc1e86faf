// The init_config JSON schema: what Falco gets from plugin_get_init_schema and what ajv
// validates in init. It keeps upstream k8saudit's four keys (so existing falco.yaml files load)
// and adds ours. Only keywords that mean the same in draft-04 and later drafts are used, since
// Falco validates with its own JSON-schema library.
import { ldpConfigSchemaProperties } from '../sources/ldp/config.js';

export const PLUGIN_CONFIG_DEFAULTS = {
  maxEventSize: 262144,
  maxPayloadSize: 16 * 1024 * 1024,
  batchMaxEvents: 256,
  precomputeFields: true,
} as const;

export const INIT_SCHEMA = {
  $schema: 'http://json-schema.org/draft-04/schema#',
  type: 'object',
  additionalProperties: false,
  properties: {
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
      description: 'Maximum size of single audit event in bytes; larger events are dropped and counted (Default: 262144)',
      default: PLUGIN_CONFIG_DEFAULTS.maxEventSize,
      minimum: 0,
      maximum: 4294967295,
    },
    webhookMaxBatchSize: {
      type: 'integer',
      title: 'Maximum webhook request size',
      description: 'Accepted for compatibility with k8saudit; unused by the LDP source (Default: 12582912)',
      default: 12582912,
      minimum: 0,
    },
    maxPayloadSize: {
      type: 'integer',
      title: 'Maximum payload size',
      description: 'Largest WebSocket message or file line read, in bytes; larger ones are skipped and counted (Default: 16777216)',
      default: PLUGIN_CONFIG_DEFAULTS.maxPayloadSize,
      minimum: 1024,
    },
    batchMaxEvents: {
      type: 'integer',
      title: 'Events per batch',
      description: 'Most events handed to Falco in one batch (Default: 256)',
      default: PLUGIN_CONFIG_DEFAULTS.batchMaxEvents,
      minimum: 1,
      maximum: 4096,
    },
    precomputeFields: {
      type: 'boolean',
      title: 'Precompute field values',
      description: 'Compute the values of the fields Falco asks for when events arrive, so extraction does not wait for JavaScript (Default: true)',
      default: PLUGIN_CONFIG_DEFAULTS.precomputeFields,
    },
    ...ldpConfigSchemaProperties,
  },
} as const;
