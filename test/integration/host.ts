// Runs the real plugin (build/libk8saudit-ovh.so) in the real plugin host (build/k8saudit-host)
// as a child process, and parses what it prints: one JSON line per event, then a summary line.
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import * as fs from 'node:fs';

export const ROOT = path.resolve(__dirname, '../..');
export const PLUGIN = path.join(ROOT, 'build/libk8saudit-ovh.so');
export const HOST = path.join(ROOT, 'build/k8saudit-host');
export const FIXTURES = path.join(ROOT, 'test/fixtures');

export interface HostEvent {
  evtnum: number;
  ts: string;
  fields: Record<string, string[] | null>;
  errors?: Record<string, string>;
  data?: string;
  string?: string;
}

export interface HostRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  events: HostEvent[];
  summary: Record<string, any>;
}

export interface HostOptions {
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

export function runHost(args: string[], options: HostOptions = {}): Promise<HostRun> {
  if (!fs.existsSync(PLUGIN) || !fs.existsSync(HOST)) {
    throw new Error('build/libk8saudit-ovh.so or build/k8saudit-host missing: run npm test (it builds first)');
  }
  return runHostCommand(HOST, [...args, PLUGIN], { ...options, env: { ...process.env, ...options.env } });
}

/** Runs a host command line as given (another host binary, under qemu or chroot) and parses its output. */
export function runHostCommand(command: string, args: string[], options: HostOptions = {}): Promise<HostRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: ROOT,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const stdout = Buffer.concat(out).toString('utf8');
      const stderr = Buffer.concat(err).toString('utf8');
      const lines = stdout.split('\n').filter((l) => l.startsWith('{'));
      const parsed = lines.map((l) => JSON.parse(l) as Record<string, any>);
      const summary = parsed.find((p) => 'summary' in p)?.['summary'] ?? {};
      const events = parsed.filter((p) => 'evtnum' in p) as unknown as HostEvent[];
      resolve({ code, signal, stdout, stderr, events, summary });
    });
  });
}

/** All fixture audit events as one JSON-lines file in a temp folder; returns its path. */
export function fixtureLinesFile(dir: string): string {
  const files = fs.readdirSync(path.join(FIXTURES, 'audit')).filter((f) => f.endsWith('.json')).sort();
  const text = files.map((f) => fs.readFileSync(path.join(FIXTURES, 'audit', f), 'utf8').trim()).join('\n') + '\n';
  const file = path.join(dir, 'fixtures.jsonl');
  fs.writeFileSync(file, text);
  return file;
}
