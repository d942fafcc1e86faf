// The init_config JSON schema: what Falco gets from plugin_get_init_schema and what ajv validates
// in init. Falco validates with its own JSON-schema library, hence draft-04.
import { schemaProperties } from '../util/config-keys.js';
import { INIT_CONFIG_KEYS } from './keys.js';

export const INIT_SCHEMA = {
  $schema: 'http://json-schema.org/draft-04/schema#',
  type: 'object',
  additionalProperties: false,
  properties: schemaProperties(INIT_CONFIG_KEYS),
} as const;
