// Build step: the JSON Falco may read before any plugin_init (fields, init schema, open params),
// from the same sources the runtime uses. scripts/build-ts.mjs writes them into dist/static/.
import { fieldsJson } from '../audit/fields.js';
import { INIT_SCHEMA } from '../config/schema.js';

const OPEN_PARAMS = [
  {
    value: 'gra<x>.logs.ovh.com/tail/?tk=<token>',
    desc: 'The LDP WebSocket tail URL of the data stream that receives the OVHcloud MKS audit logs (wss:// implied; a full wss:// URL works too)',
    separator: '',
  },
  {
    value: '/path/to/audit.jsonl',
    desc: 'A file of JSON-lines Kubernetes audit events, or a folder of such files, replayed once',
    separator: '',
  },
];

/** The files (name → text) Falco may read before any plugin_init. */
export function staticFiles(): Record<string, string> {
  return {
    'fields.json': fieldsJson(),
    'init_schema.json': JSON.stringify(INIT_SCHEMA),
    'open_params.json': JSON.stringify(OPEN_PARAMS),
  };
}
