// The real .so in the real plugin host: identity, first fields on real audit events, the
// lifecycle Falco really drives (repeated init/destroy, two instances, other threads, destroy
// while open, exit without destroy), and errors that must stay errors.
import { describe, expect, it, beforeAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FIXTURES, ROOT, fixtureLinesFile, runHost, startHost } from './host.js';
import { FIELDS } from '../../src/audit/fields.js';
import { PLUGIN_IDENTITY } from '../../src/bridge/plugin-identity.js';

const FIRST_FIELDS = ['ka.auditid', 'ka.verb', 'ka.user.name', 'ka.target.resource', 'ka.target.name', 'ka.target.namespace'];
let tmp: string;
let lines: string;
let expected: Array<Record<string, any>>;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'k8saudit-lifecycle-'));
  lines = fixtureLinesFile(tmp);
  expected = fs.readFileSync(lines, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
});

function expectedValue(ev: Record<string, any>, field: string): string[] | null {
  const pick: Record<string, unknown> = {
    'ka.auditid': ev['auditID'],
    'ka.verb': ev['verb'],
    'ka.user.name': ev['user']?.['username'],
    'ka.target.resource': ev['objectRef']?.['resource'],
    'ka.target.name': ev['objectRef']?.['name'],
    'ka.target.namespace': ev['objectRef']?.['namespace'],
  };
  const v = pick[field];
  return v === undefined ? null : [String(v)];
}

describe('plugin identity', () => {
  it('reports what Falco checks', async () => {
    const run = await runHost(['--info']);
    expect(run.code).toBe(0);
    const info = JSON.parse(run.stdout.trim().split('\n')[0]!);
    expect(info).toMatchObject({ name: 'k8saudit-ovh', id: 22, event_source: 'k8s_audit', required_api_version: '3.3.0' });
    const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(info.version).toBe(version);
    expect(info).toMatchObject({
      name: PLUGIN_IDENTITY.name,
      id: PLUGIN_IDENTITY.id,
      event_source: PLUGIN_IDENTITY.eventSource,
      description: PLUGIN_IDENTITY.description,
      contact: PLUGIN_IDENTITY.contact,
      required_api_version: PLUGIN_IDENTITY.requiredApiVersion,
    });
    const [major, minor] = String(info.version).split('.').map(Number);
    expect(major).toBe(0);
    expect(minor).toBeGreaterThanOrEqual(6);
  });

  it('reports all 100 ka.* fields in upstream order, with their list and argument kinds', async () => {
    const run = await runHost(['--list-fields']);
    const rows = run.stdout.trim().split('\n').map((l) => l.split('\t'));
    expect(rows).toHaveLength(100);
    rows.forEach(([name, list, arg], i) => {
      const def = FIELDS[i]!;
      expect(name).toBe(def.name);
      expect(list).toBe(def.isList ? 'list' : 'scalar');
      expect(arg).toBe(def.arg === 'key' ? 'key,required' : def.arg);
    });
  });

  it('describes the accepted open_params forms', async () => {
    const run = await runHost(['--list-open-params']);
    const params = JSON.parse(run.stdout.trim().split('\n')[0]!) as Array<{ value: string; desc: string }>;
    expect(params.map((p) => p.value)).toEqual(['gra<x>.logs.ovh.com/tail/?tk=<token>', '/path/to/audit.jsonl']);
    for (const p of params) expect(p.desc.length).toBeGreaterThan(20);
  });

  it('reports the init schema ajv validates with', async () => {
    const run = await runHost(['--schema']);
    const schema = JSON.parse(run.stdout.trim().split('\n')[0]!);
    expect(schema.properties.maxEventSize.default).toBe(262144);
    expect(schema.additionalProperties).toBe(false);
  });
});

describe('file replay with the first fields', () => {
  it('extracts the right values from every real audit event, with timestamps and JSON data', async () => {
    const run = await runHost(['--open', lines, '--fields', FIRST_FIELDS.join(','), '--print-string']);
    expect(run.summary['result']).toBe('eof');
    expect(run.events).toHaveLength(expected.length);
    run.events.forEach((ev, i) => {
      const src = expected[i]!;
      for (const f of FIRST_FIELDS) expect(ev.fields[f], `${f} of event ${i}`).toEqual(expectedValue(src, f));
      expect(BigInt(ev.ts)).toBe(BigInt(Date.parse(src['stageTimestamp'])) * 1_000_000n + BigInt((String(src['stageTimestamp']).match(/\.(\d+)/)?.[1] ?? '').padEnd(9, '0').slice(3, 9) || '0'));
      expect(JSON.parse(ev.string!)).toEqual(src);
    });
  });

  it('replays a folder of files in modification order', async () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'dir-'));
    const src = fs.readdirSync(path.join(FIXTURES, 'audit')).sort().slice(0, 3);
    src.forEach((f, i) => {
      const to = path.join(dir, `z-${2 - i}.json`);
      fs.copyFileSync(path.join(FIXTURES, 'audit', f), to);
      fs.utimesSync(to, 1_700_000_000 + i, 1_700_000_000 + i);
    });
    const run = await runHost(['--open', dir, '--fields', 'ka.auditid']);
    const ids = src.map((f) => JSON.parse(fs.readFileSync(path.join(FIXTURES, 'audit', f), 'utf8'))['auditID']);
    expect(run.events.map((e) => e.fields['ka.auditid']![0])).toEqual(ids);
  });
});

describe('lifecycle as Falco drives it', () => {
  it('survives 100 init/open/read/close/destroy cycles with RSS that stops growing', async () => {
    const run = await runHost(['--cycles', '100', '--quiet', '--open', lines, '--fields', FIRST_FIELDS.join(',')]);
    expect(run.code).toBe(0);
    expect(run.summary['errors_total']).toBe(0);
    expect(run.summary['events']).toBe(100 * expected.length);
    const rss: number[] = run.summary['rss_kb_per_cycle'];
    expect(rss).toHaveLength(100);
    // After warm-up, the second half adds less than 8 MB in total.
    expect(rss[99]! - rss[49]!).toBeLessThan(8 * 1024);
    console.log(`lifecycle: init ${run.summary['init_ms']} ms first, ${run.summary['init_ms_later']} ms later; RSS after cycle 1/50/100: ${rss[0]}/${rss[49]}/${rss[99]} kB`);
  }, 900_000);

  it('runs two instances at once on two threads', async () => {
    const run = await runHost(['--instances', '2', '--cycles', '3', '--quiet', '--open', lines, '--fields', FIRST_FIELDS.join(',')]);
    expect(run.summary['errors_total']).toBe(0);
    expect(run.summary['events']).toBe(2 * 3 * expected.length);
  });

  it('accepts calls from a thread other than the one that ran init', async () => {
    const run = await runHost(['--cross-thread', '--cycles', '2', '--quiet', '--open', lines, '--fields', 'ka.verb']);
    expect(run.summary['errors_total']).toBe(0);
    expect(run.summary['events']).toBe(2 * expected.length);
  });

  it('destroys cleanly while a source is still open', async () => {
    const run = await runHost(['--no-close', '--cycles', '2', '--max-events', '5', '--quiet', '--open', lines, '--fields', 'ka.verb']);
    expect(run.code).toBe(0);
    expect(run.summary['errors_total']).toBe(0);
  });

  it('lets the process exit without destroy', async () => {
    const run = await runHost(['--no-destroy', '--quiet', '--open', lines, '--fields', 'ka.verb']);
    expect(run.signal).toBeNull();
    expect(run.code).toBe(0);
    expect(run.summary['events']).toBe(expected.length);
  });
});

describe('errors stay errors', () => {
  it('rejects an unknown init_config key, naming it', async () => {
    const run = await runHost(['--config', '{"maxEventSize":1000,"bogusKey":1}', '--open', lines]);
    expect(run.code).toBe(1);
    expect(run.summary['error']).toMatch(/unknown key "bogusKey"/);
  });

  it('rejects a wrongly typed init_config value, naming the key', async () => {
    const run = await runHost(['--config', '{"maxEventSize":"big"}', '--open', lines]);
    expect(run.summary['error']).toMatch(/maxEventSize/);
    expect(run.summary['error']).toMatch(/integer/);
  });

  it('rejects a missing file in open_params with a clear message', async () => {
    const run = await runHost(['--open', path.join(tmp, 'no-such-file.jsonl')]);
    expect(run.code).toBe(1);
    expect(run.summary['error']).toMatch(/cannot open audit file ".*no-such-file.jsonl": no such file or directory/);
  });

  it('turns a JS exception inside extraction into an error string', async () => {
    const run = await runHost(['--open', lines, '--fields', 'ka.verb', '--max-events', '2'], { env: { K8SAUDIT_OVH_TEST_FAULT: 'throw-in-extract' } });
    expect(run.code).toBe(0);
    expect(run.events[0]!.fields['ka.verb']).toBeNull();
    expect(run.events[0]!.errors?.['ka.verb']).toBe('injected fault: exception in extraction');
  });

  it('turns process.exit() in plugin code into a plugin error, not an exit', async () => {
    const run = await runHost(['--open', lines], { env: { K8SAUDIT_OVH_TEST_FAULT: 'exit-in-open' } });
    expect(run.signal).toBeNull();
    expect(run.summary['error']).toMatch(/process\.exit\(3\)/);
  });

  it('turns an uncaught asynchronous exception into a capture failure', async () => {
    const run = await runHost(['--open', lines, '--quiet'], { env: { K8SAUDIT_OVH_TEST_FAULT: 'throw-async' } });
    expect(run.signal).toBeNull();
    expect(run.summary['result']).toBe('failure');
    expect(run.summary['error']).toMatch(/asynchronous exception/);
  });

  it('logs through stderr with the plugin prefix when Falco gives no log function', async () => {
    const run = await runHost(['--no-log-fn', '--open', lines, '--quiet'], { env: { K8SAUDIT_OVH_TEST_FAULT: 'throw-async' } });
    expect(run.stderr).toMatch(/^\[k8saudit-ovh\] error: uncaught exception in the plugin/m);
  });
});

describe("Falco's signal handling stays Falco's", () => {
  it('SIGTERM and SIGINT still reach the host while the plugin runs', { timeout: 600_000 }, async () => {
    for (const sig of ['SIGTERM', 'SIGINT'] as const) {
      const fifo = path.join(tmp, `pipe-${sig}`);
      execFileSync('mkfifo', [fifo]);
      const running = startHost(['--open', fifo, '--fields', 'ka.auditid']);
      // Opening the pipe for writing completes once the plugin opened it for reading.
      const writer = await fs.promises.open(fifo, 'w');
      try {
        await writer.write(`${JSON.stringify(expected[0])}\n`);
        await running.until(() => running.events.length === 1, 'the event sent through the pipe');
        running.kill(sig); // this host only, by its pid
        const run = await running.done;
        expect(run.signal, sig).toBeNull();
        expect(run.code, sig).toBe(0);
        expect(run.summary['result'], sig).toBe('signal');
        expect(run.events.map((e) => e.fields['ka.auditid']?.[0]), sig).toEqual([expected[0]!['auditID']]);
      } finally {
        await writer.close();
      }
    }
  });

  it('a silent named pipe gives Falco timeouts, never a blocked call', { timeout: 600_000 }, async () => {
    const fifo = path.join(tmp, 'pipe-silent');
    execFileSync('mkfifo', [fifo]);
    const running = startHost(['--open', fifo, '--quiet', '--duration-s', '5']);
    // Keep a writer open so the reader waits for data rather than seeing the end of the pipe.
    const writer = await fs.promises.open(fifo, 'w');
    try {
      const run = await running.done;
      expect(run.summary['result']).toBe('duration');
      expect(run.summary['timeouts']).toBeGreaterThan(0);
    } finally {
      await writer.close();
    }
  });
});

describe('metrics for Falco', () => {
  it('reports counters through plugin_get_metrics', async () => {
    const bad = path.join(tmp, 'with-bad-lines.jsonl');
    fs.writeFileSync(bad, fs.readFileSync(lines, 'utf8') + 'not json\n{"kind":"Event","auditID":"no-ts"}\n');
    const run = await runHost(['--metrics', '--open', bad, '--quiet', '--fields', 'ka.verb']);
    const m = run.summary['metrics'] as Record<string, number>;
    expect(m['events_delivered']).toBe(expected.length);
    expect(m['payloads_rejected']).toBe(1);
    expect(m['events_dropped']).toBe(1);
    expect(m['queued_events']).toBe(0);
  });
});
