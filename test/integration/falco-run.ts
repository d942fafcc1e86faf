// Runs real Falco (see falco-env.ts) as a child process with a falco.yaml written for the test,
// and reads its JSON alerts from stdout while it runs. A test waits for alerts or log lines
// (until), signals Falco by its pid, and gets the whole run when it exits.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify as toYaml } from 'yaml';
import type { FalcoInstall } from './falco-env.js';
import { PLUGIN, ROOT } from './host.js';

export interface FalcoAlert {
  readonly rule: string;
  readonly priority: string;
  readonly output: string;
  readonly output_fields: Record<string, unknown>;
  readonly source?: string;
  readonly tags?: string[];
  readonly time: string;
}

export interface FalcoPlugin {
  readonly name: string;
  readonly library_path: string;
  readonly init_config?: unknown;
  readonly open_params?: string;
}

export interface FalcoSetup {
  readonly plugins: readonly FalcoPlugin[];
  /** Rules files, loaded in this order. */
  readonly rulesFiles: readonly string[];
  /** More falco.yaml keys (they win over the defaults below). */
  readonly settings?: Record<string, unknown>;
  readonly env?: NodeJS.ProcessEnv;
  /** Hang guard: Falco is killed after this long (default 10 minutes). */
  readonly timeoutMs?: number;
}

export interface FalcoRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly alerts: FalcoAlert[];
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunningFalco {
  readonly child: ChildProcess;
  /** The folder holding this run's falco.yaml; removed when Falco exits. */
  readonly dir: string;
  /** Alerts printed so far, in order. */
  readonly alerts: FalcoAlert[];
  /** Falco's log (stderr) so far. */
  stderr(): string;
  /** Resolves once `predicate` holds (checked after each output chunk); rejects if Falco exits first. */
  until(predicate: () => boolean, what: string): Promise<void>;
  /** Sends a signal to this Falco (by pid). */
  kill(signal: NodeJS.Signals): void;
  readonly done: Promise<FalcoRun>;
}

/** This plugin as Falco loads it (the built .so, libnode beside it). */
export function ourPlugin(openParams: string, initConfig: Record<string, unknown> = {}): FalcoPlugin {
  // As a JSON string: Falco turns an empty YAML map into a value the schema refuses.
  return { name: 'k8saudit-ovh', library_path: PLUGIN, init_config: JSON.stringify(initConfig), open_params: openParams };
}

/** The json plugin as the examples load it (useAsync off: its thread spins against Falco's on 2 cores). */
export function jsonPlugin(falco: FalcoInstall): FalcoPlugin {
  return { name: 'json', library_path: falco.json, init_config: { useAsync: false } };
}

/** Go k8saudit 0.18 reading a file or folder of audit events. */
export function goK8sauditPlugin(falco: FalcoInstall, openParams: string): FalcoPlugin {
  return { name: 'k8saudit', library_path: falco.k8saudit, init_config: { useAsync: false }, open_params: openParams };
}

/**
 * falco.yaml keys for comparing rule verdicts: every matching rule alerts (Falco's default,
 * `rule_matching: first`, reports only the first rule that matches an event), and each alert names
 * its event's auditID in output_fields without changing the output text.
 */
export const EVERY_RULE_WITH_AUDIT_ID: Record<string, unknown> = {
  rule_matching: 'all',
  append_output: [{ match: { source: 'k8s_audit' }, extra_fields: ['ka.auditid'] }],
};

/** The auditID an alert names (EVERY_RULE_WITH_AUDIT_ID); null for a record without one. */
export function alertAuditId(alert: FalcoAlert): string | null {
  const id = alert.output_fields['ka.auditid'];
  if (id === undefined) throw new Error(`alert of ${alert.rule} has no ka.auditid in output_fields: run Falco with EVERY_RULE_WITH_AUDIT_ID`);
  return id as string | null;
}

/** The warnings Falco printed while loading rules files (empty when they loaded cleanly). */
export function rulesWarnings(stderr: string): string[] {
  return stderr.split('\n').filter((l) => /: Ok, with warnings$|^LOAD_[A-Z_]+ \(/.test(l));
}

/** The falco.yaml of a test run: plugins only, JSON alerts on stdout, unbuffered, log on stderr. */
export function falcoConfig(setup: FalcoSetup): Record<string, unknown> {
  return {
    engine: { kind: 'nodriver' },
    rules_files: [...setup.rulesFiles],
    plugins: setup.plugins,
    load_plugins: setup.plugins.map((p) => p.name),
    json_output: true,
    json_include_output_property: true,
    json_include_tags_property: true,
    stdout_output: { enabled: true },
    buffered_outputs: false,
    log_stderr: true,
    log_syslog: false,
    log_level: 'info',
    watch_config_files: false,
    webserver: { enabled: false },
    ...setup.settings,
  };
}

export function startFalco(falco: FalcoInstall, setup: FalcoSetup): RunningFalco {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'falco-run-'));
  const config = path.join(dir, 'falco.yaml');
  fs.writeFileSync(config, toYaml(falcoConfig(setup)));
  const child = spawn(falco.bin, ['-c', config, '--disable-source', 'syscall'], {
    cwd: ROOT,
    env: { ...process.env, ...setup.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const alerts: FalcoAlert[] = [];
  let partial = '';
  let exited = false;
  const waiters = new Set<() => void>();
  const wake = (): void => {
    for (const waiter of [...waiters]) waiter();
  };
  child.stdout!.on('data', (b: Buffer) => {
    out.push(b);
    const lines = (partial + b.toString('utf8')).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      const alert = parseAlert(line);
      if (alert !== undefined) alerts.push(alert);
    }
    wake();
  });
  child.stderr!.on('data', (b: Buffer) => {
    err.push(b);
    wake();
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), setup.timeoutMs ?? 600_000);
  const stderr = (): string => Buffer.concat(err).toString('utf8');
  const done = new Promise<FalcoRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      exited = true;
      const last = parseAlert(partial);
      if (last !== undefined) alerts.push(last);
      fs.rmSync(dir, { recursive: true, force: true });
      wake();
      resolve({ code, signal, alerts, stdout: Buffer.concat(out).toString('utf8'), stderr: stderr() });
    });
  });
  return {
    child,
    dir,
    alerts,
    stderr,
    until(predicate, what) {
      return new Promise<void>((resolve, reject) => {
        const check = (): void => {
          if (predicate()) {
            waiters.delete(check);
            resolve();
          } else if (exited) {
            waiters.delete(check);
            reject(new Error(`Falco exited before ${what}; its log:\n${stderr().slice(-3000)}`));
          }
        };
        waiters.add(check);
        check();
      });
    },
    kill(signal) {
      if (!exited) child.kill(signal);
    },
    done,
  };
}

/** Runs Falco to its end (a file source's end of capture ends it). */
export function runFalco(falco: FalcoInstall, setup: FalcoSetup): Promise<FalcoRun> {
  return startFalco(falco, setup).done;
}

function parseAlert(line: string): FalcoAlert | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const parsed = JSON.parse(line) as Partial<FalcoAlert>;
    return typeof parsed.rule === 'string' ? (parsed as FalcoAlert) : undefined;
  } catch {
    return undefined;
  }
}
