// The MKS overlay replaces the upstream ruleset's four json macros (jevt.*) with ka.* conditions.
// Real Falco judges both versions of each macro on every event of the test corpora, through this
// plugin and the real json plugin: probe rules, one per macro, fire where the macro holds, loaded
// after the upstream rules alone and after upstream + overlay. A rule-level comparison (see
// falco-rules-parity.test.ts) only sees a macro where a rule reaches it; the probes see every event.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { falcoInstall, noFalco } from './falco-env.js';
import { ourPlugin } from './falco-run.js';
import { type Verdict, verdicts } from './falco-verdicts.js';
import { MKS_OVERLAY, UPSTREAM_RULES, corpora, writeLines } from './rule-corpora.js';

const JSON_MACROS = ['kevt', 'kevt_started', 'k8s_audit_always_true', 'k8s_audit_never_true'];
const EVERY_EVENT = 'probe every event';

/** A rules file of probes: one rule per macro, and one on every event printing what the macros read. */
function probes(dir: string): string {
  const rule = (name: string, condition: string, output: string): string =>
    [`- rule: ${name}`, '  desc: probe', `  condition: ${condition}`, `  output: "${output}"`, '  priority: INFO', '  source: k8s_audit', ''].join('\n');
  const file = path.join(dir, 'macro-probes.yaml');
  fs.writeFileSync(
    file,
    [
      rule(EVERY_EVENT, 'evt.num > 0', '%evt.num %ka.auditid %jevt.value[/auditID] %ka.stage %jevt.value[/stage]'),
      ...JSON_MACROS.map((m) => rule(`probe ${m}`, m, '%evt.num')),
    ].join('\n'),
  );
  return file;
}

interface ProbedEvent {
  num: number;
  field: (name: string) => unknown;
  /** The macros that hold on this event. */
  macros: Set<string>;
}

function probedEvents(list: Verdict[]): ProbedEvent[] {
  const events = new Map<number, ProbedEvent>();
  for (const v of list) {
    const num = v.alert.output_fields['evt.num'] as number;
    if (v.rule === EVERY_EVENT) events.set(num, { num, field: (name) => v.alert.output_fields[name], macros: new Set() });
    else if (v.rule.startsWith('probe ')) events.get(num)!.macros.add(v.rule.slice('probe '.length));
  }
  return [...events.values()];
}

let tmp: string;
let eventsFile: string;
let probeRules: string;
let upstream: ProbedEvent[];
let overlay: ProbedEvent[];

async function probe(rulesFiles: string[], warningsExpected = false): Promise<ProbedEvent[]> {
  const all = await verdicts(falcoInstall()!, ourPlugin(eventsFile), [...rulesFiles, probeRules], eventsFile, warningsExpected);
  return probedEvents(all.filter((v) => v.rule.startsWith('probe ')));
}

const hasAuditId = (ev: ProbedEvent): boolean => ev.field('ka.auditid') !== null;

describe.skipIf(noFalco)('upstream json macros and their ka.* replacements, judged by real Falco', () => {
  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'falco-macros-'));
    eventsFile = writeLines(tmp, 'corpora', corpora().flatMap((c) => c.lines));
    probeRules = probes(tmp);
    upstream = await probe([UPSTREAM_RULES]);
    overlay = await probe([UPSTREAM_RULES, MKS_OVERLAY]);
  }, 300_000);

  afterAll(() => {
    if (tmp !== undefined) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('ka.auditid exists exactly when json reads an auditID, and then ka.stage is what json reads for stage', () => {
    expect(upstream.length).toBeGreaterThan(200);
    let gated = 0;
    for (const ev of upstream) {
      expect(ev.field('ka.auditid'), `event ${ev.num}`).toBe(ev.field('jevt.value[/auditID]'));
      if (!hasAuditId(ev)) {
        gated++;
        // Upstream's gate, kept by the plugin: no auditID, no ka.* value at all.
        expect(ev.field('ka.stage'), `event ${ev.num}`).toBeNull();
        continue;
      }
      expect(ev.field('ka.auditid'), `event ${ev.num}`).not.toBe('');
      expect(ev.field('ka.stage'), `event ${ev.num}: ka.stage`).toBe(ev.field('jevt.value[/stage]'));
    }
    console.log(`${upstream.length} events, ${gated} without auditID`);
    expect(gated).toBeGreaterThan(0);
  });

  it('each macro holds on the same events in both versions, on every event with an auditID', () => {
    expect(overlay.map((e) => e.num)).toEqual(upstream.map((e) => e.num));
    for (const macro of JSON_MACROS) {
      let holds = 0;
      upstream.forEach((before, i) => {
        const after = overlay[i]!;
        if (!hasAuditId(before)) return;
        expect(after.macros.has(macro), `${macro} on event ${before.num}`).toBe(before.macros.has(macro));
        if (before.macros.has(macro)) holds++;
      });
      console.log(`${macro}: the same on every event with an auditID, holds on ${holds}`);
      if (macro !== 'k8s_audit_never_true') expect(holds, macro).toBeGreaterThan(0);
    }
  });

  it('no replaced macro holds on a record without auditID, where upstream matches <NA> values', () => {
    const records = overlay.filter((ev) => !hasAuditId(ev));
    expect(records.length).toBeGreaterThan(0);
    for (const ev of records) expect([...ev.macros], `event ${ev.num}`).toEqual([]);
  });

  it('would notice a wrong kevt replacement', async () => {
    const broken = fs.readFileSync(MKS_OVERLAY, 'utf8').replace('(ka.stage in (k8s_audit_stages))', '(ka.stage in (ResponseStarted))');
    const file = path.join(tmp, 'broken-overlay.yaml');
    fs.writeFileSync(file, broken);
    // Falco warns that k8s_audit_stages is no longer used; the probes show what it would do.
    const wrong = await probe([UPSTREAM_RULES, file], true);
    const differ = wrong.filter((ev, i) => hasAuditId(ev) && ev.macros.has('kevt') !== upstream[i]!.macros.has('kevt'));
    expect(differ.length).toBeGreaterThan(100);
  }, 120_000);
});
