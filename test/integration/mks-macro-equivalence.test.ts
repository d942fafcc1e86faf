// The MKS overlay replaces the upstream ruleset's four json macros with ka.* conditions. On every
// event of the test corpora, replayed through the real plugin, this checks what makes them
// equivalent, then evaluates both versions of each macro and of every upstream rule.
import { beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type Expr, parseCondition } from './falco/condition.js';
import { MKS_OVERLAY, UPSTREAM_RULES, corpora, writeLines } from './falco/corpora.js';
import { Evaluator, fieldRequests } from './falco/evaluate.js';
import { type EvaluatedEvent, evaluatedEvents, fieldKinds, pluginFields } from './falco/event-fields.js';
import { jevtValue, parseLikeFastjson, valueAt } from './falco/json-plugin.js';
import { type Ruleset, compileRule, expandMacros, loadRulesFiles } from './falco/ruleset.js';

const JSON_MACROS = ['kevt', 'kevt_started', 'k8s_audit_always_true', 'k8s_audit_never_true'];
const MANAGED = new Set(['csi-cinder-controller', 'yacht']);

interface CorpusRun {
  name: string;
  events: EvaluatedEvent[];
}

let upstream: Ruleset;
let combined: Ruleset;
let kinds: ReturnType<typeof fieldKinds>;
let runs: CorpusRun[];

function hasAuditIdMember(ev: EvaluatedEvent): boolean {
  return valueAt(parseLikeFastjson(ev.data), '/auditID') !== undefined;
}

/** What the json plugin returns for jevt.value[/stage]. */
function rawStage(ev: EvaluatedEvent): string | undefined {
  return jevtValue(parseLikeFastjson(ev.data), '/stage');
}

/** Upstream rules that fire on `ev` under `rs` (new rules of the overlay left out). */
function firedUpstreamRules(rs: Ruleset, compiled: Map<string, Expr>, ev: EvaluatedEvent): string[] {
  const evaluator = new Evaluator(rs, kinds);
  return [...compiled].filter(([, e]) => evaluator.eval(e, ev.lookup)).map(([name]) => name);
}

function compileUpstreamRules(rs: Ruleset): Map<string, Expr> {
  return new Map([...upstream.rules.keys()].map((name) => [name, compileRule(rs, rs.rules.get(name)!)]));
}

beforeAll(async () => {
  upstream = loadRulesFiles([UPSTREAM_RULES]);
  combined = loadRulesFiles([UPSTREAM_RULES, MKS_OVERLAY]);
  kinds = fieldKinds(await pluginFields());
  const requests = new Set<string>(['ka.auditid', 'ka.stage']);
  for (const rs of [upstream, combined]) for (const rule of rs.rules.values()) fieldRequests(compileRule(rs, rule), requests);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'k8saudit-corpora-'));
  runs = [];
  for (const c of corpora()) runs.push({ name: c.name, events: await evaluatedEvents(writeLines(dir, c.name, c.lines), requests) });
  fs.rmSync(dir, { recursive: true, force: true });
}, 300_000);

describe('what the ka.* macros rely on, on every corpus event', () => {
  it('ka.auditid exists exactly when the event has an auditID, and then ka.stage is the raw stage text', () => {
    for (const run of runs) {
      let gated = 0;
      let stageChecked = 0;
      for (const ev of run.events) {
        const hasId = hasAuditIdMember(ev);
        expect(ev.lookup('ka.auditid') !== null, `${run.name} event ${ev.evtnum}: ka.auditid exists`).toBe(hasId);
        if (!hasId) {
          gated++;
          // Upstream's gate, kept by the plugin: no auditID, no ka.* value at all.
          expect(ev.lookup('ka.stage'), `${run.name} event ${ev.evtnum}`).toBeNull();
          continue;
        }
        expect(ev.lookup('ka.stage')?.[0], `${run.name} event ${ev.evtnum}: ka.stage`).toBe(rawStage(ev));
        stageChecked++;
      }
      console.log(`${run.name}: ${run.events.length} events, ka.stage = raw stage on ${stageChecked}, without auditID ${gated}`);
      expect(run.events.length).toBeGreaterThan(0);
    }
  });

  it('on events with an auditID: it is never empty, the event time never 0, and the json plugin parses the event', () => {
    for (const run of runs) {
      for (const ev of run.events.filter(hasAuditIdMember)) {
        expect(ev.lookup('ka.auditid')![0], `${run.name} event ${ev.evtnum}`).not.toBe('');
        expect(ev.ts, `${run.name} event ${ev.evtnum}`).not.toBe('0');
        expect(ev.jsonParsed, `${run.name} event ${ev.evtnum}`).toBe(true);
      }
    }
  });
});

describe('upstream json macros and their ka.* replacements', () => {
  it('give the same value on every event with an auditID', () => {
    const up = new Evaluator(upstream, kinds);
    const mks = new Evaluator(combined, kinds);
    for (const name of JSON_MACROS) {
      const before = expandMacros(upstream, parseCondition(name));
      const after = expandMacros(combined, parseCondition(name));
      expect(JSON.stringify(after), `${name} is replaced`).not.toBe(JSON.stringify(before));
      let same = 0;
      let trueCount = 0;
      const differOnUngated: number[] = [];
      for (const run of runs) {
        for (const ev of run.events) {
          const a = up.eval(before, ev.lookup);
          const b = mks.eval(after, ev.lookup);
          if (!hasAuditIdMember(ev)) {
            if (a !== b) differOnUngated.push(ev.evtnum);
            continue;
          }
          expect(b, `${name} on ${run.name} event ${ev.evtnum}`).toBe(a);
          same++;
          if (a) trueCount++;
        }
      }
      console.log(`${name}: same value on ${same} events with an auditID (true on ${trueCount}); differs on ${differOnUngated.length} without one`);
      expect(same).toBe(runs.reduce((n, r) => n + r.events.filter(hasAuditIdMember).length, 0));
    }
  });

  it('make every upstream rule fire on the same events, except where the overlay quiets OVHcloud components', () => {
    const before = compileUpstreamRules(upstream);
    const after = compileUpstreamRules(combined);
    let alerts = 0;
    let quieted = 0;
    for (const run of runs) {
      for (const ev of run.events.filter(hasAuditIdMember)) {
        const a = firedUpstreamRules(upstream, before, ev);
        const b = firedUpstreamRules(combined, after, ev);
        if (MANAGED.has(ev.lookup('ka.user.name')?.[0] ?? '')) {
          // Only the alert the overlay's exceptions target may go away.
          expect(b, `${run.name} event ${ev.evtnum}`).toEqual(a.filter((r) => b.includes(r) || r !== 'Disallowed K8s User'));
          quieted += a.length - b.length;
        } else {
          expect(b, `${run.name} event ${ev.evtnum}`).toEqual(a);
        }
        alerts += a.length;
      }
    }
    console.log(`upstream rules: ${alerts} alerts without the overlay on events with an auditID, the same with it except ${quieted} quieted`);
    expect(alerts).toBeGreaterThan(100);
  });

  it('fire no rule on a record without auditID, where upstream matches <NA> values', () => {
    const before = compileUpstreamRules(upstream);
    const after = compileUpstreamRules(combined);
    let records = 0;
    for (const run of runs) {
      for (const ev of run.events.filter((e) => !hasAuditIdMember(e))) {
        records++;
        expect(firedUpstreamRules(combined, after, ev), `${run.name} event ${ev.evtnum}`).toEqual([]);
        console.log(`${run.name} event ${ev.evtnum} (no auditID): upstream alone fires ${JSON.stringify(firedUpstreamRules(upstream, before, ev))}, with the overlay none`);
      }
    }
    expect(records).toBeGreaterThan(0);
  });
});
