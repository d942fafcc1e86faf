// Runs the real plugin (build/libk8saudit-ovh.so) in the real plugin host (build/k8saudit-host)
// as a child process, and parses what it prints: one JSON line per event, then a summary line.
// startHost() gives the run while it goes on, so a test can wait for events and signal the host
// (by its pid, never by name).
import { spawn, type ChildProcess } from 'node:child_process';
import { watchChild } from './child-process.js';
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
  /** Hang guard: the host is killed after this long (default 10 minutes). */
  timeoutMs?: number;
}

/** A host process while it runs. */
export interface RunningHost {
  readonly child: ChildProcess;
  /** Events printed so far. */
  readonly events: HostEvent[];
  /** What it printed on stderr so far (plugin logs). */
  stderr(): string;
  /** Resolves once `predicate` holds (checked after each output chunk); rejects if the host exits first. */
  until(predicate: () => boolean, what: string): Promise<void>;
  /** Sends a signal to this host (by pid). */
  kill(signal: NodeJS.Signals): void;
  readonly done: Promise<HostRun>;
}

export function startHost(args: string[], options: HostOptions = {}): RunningHost {
  if (!fs.existsSync(PLUGIN) || !fs.existsSync(HOST)) {
    throw new Error('build/libk8saudit-ovh.so or build/k8saudit-host missing: run npm test (it builds first)');
  }
  return startHostCommand(HOST, [...args, PLUGIN], { ...options, env: { ...process.env, ...options.env } });
}

/** Starts a host command line as given (another host binary, under qemu or chroot). */
export function startHostCommand(command: string, args: string[], options: HostOptions = {}): RunningHost {
  const child = spawn(command, args, {
    cwd: ROOT,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const events: HostEvent[] = [];
  const watched = watchChild(child, {
    name: 'the host',
    timeoutMs: options.timeoutMs ?? 600_000,
    // A killed host may leave half a line behind: only complete event lines are parsed here.
    onLine: (line) => {
      if (line.startsWith('{"evtnum"')) {
        try {
          events.push(JSON.parse(line) as HostEvent);
        } catch {
          // the unterminated last line of a killed host
        }
      }
    },
  });
  return {
    ...watched,
    events,
    done: watched.done.then((exit) => parseRun(exit.code, exit.signal, exit.stdout, exit.stderr)),
  };
}

export function runHost(args: string[], options: HostOptions = {}): Promise<HostRun> {
  return startHost(args, options).done;
}

/** Runs a host command line as given (another host binary, under qemu or chroot) and parses its output. */
export function runHostCommand(command: string, args: string[], options: HostOptions = {}): Promise<HostRun> {
  return startHostCommand(command, args, options).done;
}

function parseRun(code: number | null, signal: NodeJS.Signals | null, stdout: string, stderr: string): HostRun {
  const lines = stdout.split('\n').filter((l) => l.startsWith('{'));
  // A killed host may leave half a line behind.
  const parsed = lines.flatMap((l) => {
    try {
      return [JSON.parse(l) as Record<string, any>];
    } catch {
      return [];
    }
  });
  const summary = parsed.find((p) => 'summary' in p)?.['summary'] ?? {};
  const events = parsed.filter((p) => 'evtnum' in p) as unknown as HostEvent[];
  return { code, signal, stdout, stderr, events, summary };
}

/** All fixture audit events as one JSON-lines file in a temp folder; returns its path. */
export function fixtureLinesFile(dir: string): string {
  const files = fs.readdirSync(path.join(FIXTURES, 'audit')).filter((f) => f.endsWith('.json')).sort();
  const text = files.map((f) => fs.readFileSync(path.join(FIXTURES, 'audit', f), 'utf8').trim()).join('\n') + '\n';
  const file = path.join(dir, 'fixtures.jsonl');
  fs.writeFileSync(file, text);
  return file;
}
