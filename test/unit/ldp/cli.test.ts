// The simulator CLI, bundled the way dist/ldp-sim.js is, run as a separate process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { parseSimArgs } from '../../../src/sim/run-cli.js';
import type { LdpSource } from '../../../src/sources/ldp/ldp-source.js';
import { MemorySink, TOKEN, auditEvents, expectExactlyOnceInOrder, startSource, waitFor } from './helpers.js';

describe('ldp-sim arguments', () => {
  it('parses the documented flags', () => {
    expect(parseSimArgs(['--file', 'e.jsonl', '--port', '0', '--token', 'T', '--tls', '--rate', '50', '--loop'])).toEqual({
      file: 'e.jsonl',
      port: 0,
      token: 'T',
      tls: true,
      certOut: undefined,
      rate: 50,
      loop: true,
      retain: 100000,
    });
    expect(parseSimArgs(['--port=8080', '--retain', '5'], { LDP_SIM_TOKEN: 'env' })).toMatchObject({ port: 8080, token: 'env', tls: false, retain: 5 });
    expect(() => parseSimArgs(['--token', 'T', '--retain', '0'])).toThrow(/--retain/);
    expect(() => parseSimArgs([])).toThrow(/token is required/);
    expect(() => parseSimArgs(['--token', 'T', '--port', 'x'])).toThrow(/--port/);
    expect(() => parseSimArgs(['--token', 'T', '--rate', '0'])).toThrow(/--rate/);
    expect(() => parseSimArgs(['--token', 'T', '--bogus'])).toThrow(/unknown argument "--bogus"/);
    expect(() => parseSimArgs(['--token'])).toThrow(/needs a value/);
  });
});

describe('ldp-sim as a process', () => {
  let dir: string;
  let script: string;
  let eventsFile: string;
  const N = 20_000;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ldp-sim-cli-'));
    script = join(dir, 'ldp-sim.js');
    await build({
      entryPoints: ['src/sim/cli.ts'],
      bundle: true,
      platform: 'node',
      target: 'node18',
      format: 'cjs',
      outfile: script,
      external: ['bufferutil', 'utf-8-validate'],
      logLevel: 'silent',
    });
    eventsFile = join(dir, 'events.jsonl');
    writeFileSync(eventsFile, `${auditEvents(0, N).join('\n')}\n`);
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Starts the CLI; resolves with the child and its stdout lines once it printed its URL. */
  async function runCli(args: string[]): Promise<{ child: ChildProcess; lines: string[]; stderr: string[] }> {
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    const stderr: string[] = [];
    child.stdout?.on('data', (d: Buffer) => lines.push(...d.toString().split('\n').filter(Boolean)));
    child.stderr?.on('data', (d: Buffer) => stderr.push(d.toString()));
    // "will ingest …" is the last line printed at start-up.
    await waitFor(() => lines.some((l) => l.startsWith('will ingest')) || child.exitCode !== null, 'the CLI to start');
    return { child, lines, stderr };
  }

  async function stop(child: ChildProcess): Promise<number | null> {
    if (child.exitCode !== null) return child.exitCode;
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    return exited;
  }

  it('serves a JSON-lines file to a client, prints only redacted URLs, exits on SIGTERM', async () => {
    const { child, lines } = await runCli(['--file', eventsFile, '--port', '0', '--token', TOKEN]);
    let source: LdpSource | undefined;
    try {
      const listen = /listening on (ws:\/\/127\.0\.0\.1:\d+\/tail\/)$/.exec(lines[0] ?? '')?.[1];
      expect(listen).toBeDefined();
      expect(lines[1]).toBe(`open_params: ${listen}?tk=***  (tk= is the token you gave)`);
      const sink = new MemorySink();
      const t0 = performance.now();
      source = startSource(`${listen}?tk=${TOKEN}`, sink);
      await waitFor(() => sink.events.length >= N, `${N} events`);
      const seconds = (performance.now() - t0) / 1000;
      console.info(`[measure] ${N} events from the simulator process → LdpSource → memory sink: ${Math.round(N / seconds)} events/s (incl. connect)`);
      expect(expectExactlyOnceInOrder(sink.events, N)).toBeUndefined();
      expect(lines.join('\n')).not.toContain(TOKEN);
    } finally {
      source?.close();
      expect(await stop(child)).toBe(0);
    }
  });

  it('--tls writes its certificate; the source trusts it through caFile', async () => {
    const certOut = join(dir, 'sim.pem');
    const { child, lines } = await runCli(['--file', eventsFile, '--token', TOKEN, '--tls', '--cert-out', certOut, '--rate', '2000']);
    let source: LdpSource | undefined;
    try {
      const listen = /listening on (wss:\/\/127\.0\.0\.1:\d+\/tail\/)$/.exec(lines[0] ?? '')?.[1];
      expect(listen).toBeDefined();
      expect(lines).toContain(`self-signed certificate: ${certOut}  (trust it with the caFile init config key)`);
      const sink = new MemorySink();
      source = startSource(`${listen}?tk=${TOKEN}`, sink, { caFile: certOut });
      await waitFor(() => sink.events.length >= 200, '200 events over TLS at 2000/s');
      expect(expectExactlyOnceInOrder(sink.events.slice(0, 200), 200)).toBeUndefined();
    } finally {
      source?.close();
      expect(await stop(child)).toBe(0);
    }
  });

  it('refuses to start without a token', async () => {
    const { child, stderr } = await runCli(['--file', eventsFile]);
    await waitFor(() => child.exitCode !== null, 'exit');
    expect(child.exitCode).toBe(2);
    expect(stderr.join('')).toMatch(/token is required/);
  });
});
