// Field values for rule evaluation: ka.* from the real plugin in the plugin host (one extraction
// call per field, as Falco makes them), jevt.* from the json plugin's semantics over the event
// data the plugin produced.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runHost } from '../host.js';
import type { FieldKinds, FieldLookup } from './evaluate.js';
import { jsonPluginFields } from './json-plugin.js';

export interface EvaluatedEvent {
  evtnum: number;
  ts: string;
  data: string;
  /** ka.* values from the plugin; jevt.* values as the json plugin would give them. */
  lookup: FieldLookup;
  /** The json plugin could parse the data (otherwise every jevt.* field is empty). */
  jsonParsed: boolean;
  /** Plugin field requests whose extraction failed (libsinsp treats them as no value). */
  failedExtractions: string[];
}

const JSON_PLUGIN_FIELD = /^(jevt|json)\./;

/** The plugin's fields as `--list-fields` reports them: name → list or scalar and argument kind. */
export async function pluginFields(): Promise<Map<string, { list: boolean; arg: string }>> {
  const run = await runHost(['--list-fields']);
  if (run.code !== 0) throw new Error(`--list-fields failed: ${run.stderr}`);
  const out = new Map<string, { list: boolean; arg: string }>();
  for (const line of run.stdout.trim().split('\n')) {
    const [name, kind, arg] = line.split('\t');
    out.set(name!, { list: kind === 'list', arg: arg! });
  }
  return out;
}

/** List-ness of fields: the plugin's declaration for ka.*, scalar for the json plugin's fields. */
export function fieldKinds(fields: Map<string, { list: boolean }>): FieldKinds {
  return {
    isList(name) {
      if (JSON_PLUGIN_FIELD.test(name)) return false;
      const f = fields.get(name);
      if (f === undefined) throw new Error(`field ${name} is not one the plugin reports`);
      return f.list;
    },
  };
}

/** Replays `eventsFile` through the plugin and returns every event with a lookup over `requests`. */
export async function evaluatedEvents(eventsFile: string, requests: Iterable<string>): Promise<EvaluatedEvent[]> {
  const asked = [...requests];
  const pluginRequests = asked.filter((r) => !JSON_PLUGIN_FIELD.test(r));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'k8saudit-rules-'));
  try {
    const fieldsFile = path.join(dir, 'requests.txt');
    fs.writeFileSync(fieldsFile, pluginRequests.join('\n') + '\n');
    const run = await runHost(['--open', eventsFile, '--fields-file', fieldsFile, '--print-data']);
    if (run.summary['result'] !== 'eof') throw new Error(`host did not reach eof: ${run.stderr}`);
    return run.events.map((e) => {
      const json = jsonPluginFields(e.data!, e.ts);
      const lookup: FieldLookup = (request) => {
        if (JSON_PLUGIN_FIELD.test(request)) return json === undefined ? null : json(request);
        if (!(request in e.fields)) throw new Error(`field ${request} was not requested from the plugin`);
        // libsinsp takes a failed extraction as no value.
        return e.errors?.[request] !== undefined ? null : (e.fields[request] ?? null);
      };
      const failedExtractions = Object.keys(e.errors ?? {});
      return { evtnum: e.evtnum, ts: e.ts, data: e.data!, lookup, jsonParsed: json !== undefined, failedExtractions };
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
