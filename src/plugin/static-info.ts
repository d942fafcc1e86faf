// Build step: writes the JSON Falco may read before any plugin_init (fields, init schema, open
// params) into dist/static/, from the same sources the runtime uses. Run by scripts/build-ts.mjs.
import * as fs from 'node:fs';
import * as path from 'node:path';
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

const outDir = process.argv[2] ?? 'dist/static';
fs.mkdirSync(outDir, { recursive: true });
fs.writeFileSync(path.join(outDir, 'fields.json'), fieldsJson());
fs.writeFileSync(path.join(outDir, 'init_schema.json'), JSON.stringify(INIT_SCHEMA));
fs.writeFileSync(path.join(outDir, 'open_params.json'), JSON.stringify(OPEN_PARAMS));
