// Real Falco loads the built plugin, replays the fixture audit events from a file and raises one
// alert per audit event, naming the auditID the plugin extracted.
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { falcoInstall, noFalco } from './falco-env.js';
import { ourPlugin, runFalco } from './falco-run.js';
import { fixtureLinesFile } from './host.js';
import { everyEventRule } from './falco-rules.js';

describe.skipIf(noFalco)('real Falco', () => {
  it('loads the plugin and raises an alert for every audit event of a replayed file', async () => {
    const falco = falcoInstall()!;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'falco-smoke-'));
    try {
      const file = fixtureLinesFile(dir);
      const rules = everyEventRule(dir);
      const run = await runFalco(falco, { plugins: [ourPlugin(file)], rulesFiles: [rules] });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toContain("Opening 'k8s_audit' source with plugin 'k8saudit-ovh'");
      const expected = fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l !== '')
        .flatMap((l) => auditIds(JSON.parse(l)));
      expect(run.alerts.map((a) => a.output_fields['ka.auditid'])).toEqual(expected);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

/** The auditIDs of a payload: an Event, an EventList's items, or an array of events. */
function auditIds(payload: any): string[] {
  const events: any[] = Array.isArray(payload) ? payload : payload.kind === 'EventList' ? payload.items : [payload];
  return events.map((e) => e.auditID as string);
}
