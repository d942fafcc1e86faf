// A child process a test started and watches: its output line by line as it comes, a wait for a
// condition re-checked after each output chunk (never a fixed delay), signals by its pid, and its
// whole output once it exits. The plugin host and real Falco runs are built on it.
import type { ChildProcess } from 'node:child_process';

export interface ChildExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface WatchedChild {
  readonly child: ChildProcess;
  /** What it printed on stderr so far. */
  stderr(): string;
  /** Resolves once `predicate` holds; rejects if the child exits first. */
  until(predicate: () => boolean, what: string): Promise<void>;
  /** Sends a signal to this child (by pid), unless it exited. */
  kill(signal: NodeJS.Signals): void;
  readonly done: Promise<ChildExit>;
}

export interface WatchOptions {
  /** Called for each complete stdout line, and for the unterminated last one at exit. */
  readonly onLine: (line: string) => void;
  /** Hang guard: the child is killed after this long. */
  readonly timeoutMs: number;
  /** Names the child in the error of an until() it exited before. */
  readonly name: string;
}

export function watchChild(child: ChildProcess, options: WatchOptions): WatchedChild {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
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
    for (const line of lines) options.onLine(line);
    wake();
  });
  child.stderr!.on('data', (b: Buffer) => {
    err.push(b);
    wake();
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
  const stderr = (): string => Buffer.concat(err).toString('utf8');
  const done = new Promise<ChildExit>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      exited = true;
      if (partial !== '') options.onLine(partial);
      wake();
      resolve({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: stderr() });
    });
  });
  return {
    child,
    stderr,
    until(predicate, what) {
      return new Promise<void>((resolve, reject) => {
        const check = (): void => {
          if (predicate()) {
            waiters.delete(check);
            resolve();
          } else if (exited) {
            waiters.delete(check);
            reject(new Error(`${options.name} exited before ${what}; stderr:\n${stderr().slice(-3000)}`));
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
