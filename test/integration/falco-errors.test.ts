// Bad configuration in real Falco: Falco does not start, and its log says why in one line that
// names the key or the address, never the token.
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { falcoInstall, noFalco } from './falco-env.js';
import { ourPlugin, runFalco, type FalcoRun } from './falco-run.js';
import { everyEventRule } from './falco-rules.js';
import { TOKEN, expectNoToken, openParams, useSimulator } from './ldp-bed.js';

const startSim = useSimulator();

async function falcoWith(openParams: string, initConfig: Record<string, unknown>): Promise<FalcoRun> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'falco-errors-'));
  try {
    return await runFalco(falcoInstall()!, { plugins: [ourPlugin(openParams, initConfig)], rulesFiles: [everyEventRule(dir)] });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function linesMatching(run: FalcoRun, pattern: RegExp): string[] {
  return (run.stdout + run.stderr).split('\n').filter((l) => pattern.test(l));
}

describe.skipIf(noFalco)('bad configuration in real Falco', () => {
  it('an unknown init_config key: Falco exits, one line names the key', async () => {
    const run = await falcoWith(`ws://127.0.0.1:9/tail/?tk=${TOKEN}`, { maxEventSiz: 5 });
    expect(run.code).not.toBe(0);
    expect(linesMatching(run, /maxEventSiz/)).toHaveLength(1);
    expectNoToken(run.stdout + run.stderr);
  }, 60_000);

  it('a wrongly typed init_config value: Falco exits, one line names the key', async () => {
    const run = await falcoWith(`ws://127.0.0.1:9/tail/?tk=${TOKEN}`, { checkpointIntervalSeconds: 'soon' });
    expect(run.code).not.toBe(0);
    expect(linesMatching(run, /checkpointIntervalSeconds/)).toHaveLength(1);
    expectNoToken(run.stdout + run.stderr);
  }, 60_000);

  it('an address that is not an LDP tail URL: Falco exits, one line says what is wrong, with tk=***', async () => {
    const run = await falcoWith(`https://gra1.logs.ovh.com/tail/?tk=${TOKEN}`, {});
    expect(run.code).not.toBe(0);
    const lines = linesMatching(run, /unsupported scheme/);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('https://gra1.logs.ovh.com/tail/?tk=***');
    expect(lines[0]).not.toMatch(/tk=\*\*\*[^\s"]/); // the expected form is not mangled by the redaction
    expectNoToken(run.stdout + run.stderr);
  }, 60_000);

  it('a token the stream refuses (401): Falco exits, one line says to check the token, which it does not show', async () => {
    const s = await startSim();
    s.failNextHandshakes(10, 401);
    const run = await falcoWith(openParams(s), {});
    expect(run.code).not.toBe(0);
    const lines = linesMatching(run, /HTTP 401/);
    expect(lines.length).toBeGreaterThanOrEqual(1);
    expect(lines.join('\n')).toContain('tk=***');
    expect(lines.join('\n')).toMatch(/Giving up/);
    expectNoToken(run.stdout + run.stderr);
  }, 60_000);
});
