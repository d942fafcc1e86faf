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
// Rewritten only when changed: the .so embeds these files, an unchanged one must not relink it.
const writeIfChanged = (name: string, text: string): void => {
  const file = path.join(outDir, name);
  if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text) fs.writeFileSync(file, text);
};
writeIfChanged('fields.json', fieldsJson());
writeIfChanged('init_schema.json', JSON.stringify(INIT_SCHEMA));
writeIfChanged('open_params.json', JSON.stringify(OPEN_PARAMS));
