// Golden data from upstream k8saudit 0.18.0 (test/fixtures/golden, see its README): every field
// request of every event, and the payload split of every input line.
import { describe, expect, it } from 'vitest';
import { extractField, parseEventData } from '../../../src/audit/extract.js';
import { parsePayload } from '../../../src/audit/payload.js';
import { asGolden, parseRequest, readJsonl } from './helpers.js';

interface GoldenEvent {
  id: string;
  ts_str: string;
  canonical: boolean;
  event: Record<string, unknown> | null;
  payload: string;
  fields: Record<string, string[] | null>;
}
interface GoldenLine {
  source: string;
  line: number;
  input: string;
  events: number;
  ids?: string[];
}

const events = readJsonl<GoldenEvent>('golden/k8saudit-golden.jsonl');
const lines = readJsonl<GoldenLine>('golden/k8saudit-golden-lines.jsonl');
const byId = new Map(events.map((e) => [e.id, e]));

// ---- Independent model of the deliberate deviations, over JSON.parse (fine for canonical events).
type J = unknown;
const isObj = (v: J): v is Record<string, J> => typeof v === 'object' && v !== null && !Array.isArray(v);
const S = (v: J): string => (typeof v === 'string' ? v : JSON.stringify(v));

/** eff_run_as_*: container securityContext.<id>, else pod securityContext.<id>, else "0". */
function effective(ev: Record<string, J>, list: string, id: string, index: number | undefined): string[] | null {
  const spec = isObj(ev.requestObject) ? ev.requestObject.spec : undefined;
  if (!isObj(spec) || !(list in spec)) return null;
  const podSc = spec.securityContext;
  const pod = isObj(podSc) && podSc[id] !== undefined && podSc[id] !== null ? S(podSc[id]) : '0';
  const raw = spec[list];
  const flatten = (v: J): J[] => (Array.isArray(v) ? v.flatMap(flatten) : [v]);
  // Like the other per-container fields: a single object (not a list) is that container, any index.
  const containers = index === undefined ? flatten(raw) : Array.isArray(raw) ? [raw[index]] : [raw];
  const out = containers.filter(isObj).map((c) => {
    const sc = c.securityContext;
    return isObj(sc) && sc[id] !== undefined && sc[id] !== null ? S(sc[id]) : pod;
  });
  return out.length ? out : null;
}

/** ka.sourceips: the top-level sourceIPs list (or one element of it). */
function sourceIps(ev: Record<string, J>, index: number | undefined): string[] | null {
  const v = ev.sourceIPs;
  if (!Array.isArray(v)) return null;
  const picked = index === undefined ? v : index < v.length ? [v[index]] : [];
  return picked.length ? picked.map(S) : null;
}

function deviationExpectation(ev: Record<string, J>, request: string): string[] | null | undefined {
  const m = /^(?:ka\.req\.pod\.(\w+)\.eff_run_as_(user|group)|(ka\.sourceips))(?:\[(\d+)\])?$/.exec(request);
  if (!m) return undefined;
  if (!('auditID' in ev)) return null; // the auditID gate (spec §2.1)
  const index = m[4] === undefined ? undefined : Number(m[4]);
  if (m[3]) return sourceIps(ev, index);
  return effective(ev, m[1]!, m[2] === 'user' ? 'runAsUser' : 'runAsGroup', index);
}

describe('golden field values', () => {
  it('matches upstream on every request of every canonical event (deviations aside)', () => {
    let compared = 0;
    let matched = 0;
    let deviations = 0;
    const deviationsByField = new Map<string, number>();
    const mismatches: string[] = [];
    for (const ev of events) {
      const root = parseEventData(ev.payload);
      expect(root, ev.id).not.toBeInstanceOf(Error);
      if (root instanceof Error) continue;
      for (const [request, golden] of Object.entries(ev.fields)) {
        const { id, arg } = parseRequest(request);
        expect(id, request).toBeDefined();
        const got = asGolden(extractField(root, id!, arg));
        if (!ev.canonical) continue; // lenient inputs: only "no throw" is required
        compared++;
        const dev = deviationExpectation(ev.event!, request);
        if (dev !== undefined) {
          // Deviation fields must equal our documented behaviour (computed independently above).
          expect(got, `${ev.id} ${request}`).toEqual(dev);
          if (JSON.stringify(got) === JSON.stringify(golden)) matched++;
          else {
            deviations++;
            const field = request.replace(/\[.*$/, '');
            deviationsByField.set(field, (deviationsByField.get(field) ?? 0) + 1);
          }
          continue;
        }
        if (JSON.stringify(got) === JSON.stringify(golden)) matched++;
        else mismatches.push(`${ev.id} ${request}: got ${JSON.stringify(got)}, upstream ${JSON.stringify(golden)}`);
      }
    }
    console.log(`golden: compared ${compared}, matched ${matched}, deviations ${deviations}`);
    console.log(`golden deviations by field: ${JSON.stringify(Object.fromEntries(deviationsByField))}`);
    expect(mismatches).toEqual([]);
    expect(compared).toBe(events.filter((e) => e.canonical).length * 268);
    expect(matched + deviations).toBe(compared);
  });

  it('never throws on non-canonical events, whatever the request order', () => {
    for (const ev of events.filter((e) => !e.canonical)) {
      const root = parseEventData(ev.payload);
      if (root instanceof Error) continue;
      const requests = Object.keys(ev.fields).reverse();
      for (const request of requests) {
        const { id, arg } = parseRequest(request);
        expect(() => extractField(root, id!, arg)).not.toThrow();
      }
    }
  });
});

describe('golden payload lines', () => {
  it.each(lines.map((l) => [`${l.source}:${l.line}`, l] as const))('%s', (_name, l) => {
    const { events: got } = parsePayload(l.input, 262144);
    expect(got.length).toBe(l.events);
    (l.ids ?? []).forEach((id, i) => {
      const golden = byId.get(id);
      expect(golden, id).toBeDefined();
      if (!golden?.canonical) return;
      expect(got[i]!.data).toBe(golden.payload);
      expect(got[i]!.ts).toBe(BigInt(golden.ts_str));
    });
  });
});
