// Bad input can arrive thousands of times a second; Falco's log must not drown in it.
import type { LogLevel } from './log-level.js';

export interface RateLimitedLogOptions {
  /** Lines written per kind and interval; further lines of that kind are only counted. */
  readonly maxPerInterval: number;
  /** Length of the interval in milliseconds. */
  readonly intervalMs: number;
  /** Clock in milliseconds (tests inject one). */
  readonly now?: () => number;
}

interface KindWindow {
  start: number;
  emitted: number;
  suppressed: number;
  level: LogLevel;
}

export const RATE_LIMITED_LOG_DEFAULTS: RateLimitedLogOptions = { maxPerInterval: 5, intervalMs: 60_000 };

/**
 * Writes at most `maxPerInterval` lines per kind per interval. Suppressed lines are summarised as
 * `<kind>: (M more suppressed)` once the interval is over (checked on the next log call, no timer
 * is kept) or on flush().
 */
export class RateLimitedLog {
  private readonly windows = new Map<string, KindWindow>();
  private readonly now: () => number;
  private readonly maxPerInterval: number;
  private readonly intervalMs: number;

  constructor(
    private readonly emit: (level: LogLevel, message: string) => void,
    options: RateLimitedLogOptions = RATE_LIMITED_LOG_DEFAULTS,
  ) {
    this.now = options.now ?? Date.now;
    this.maxPerInterval = Math.max(0, Math.floor(options.maxPerInterval));
    this.intervalMs = Math.max(1, options.intervalMs);
  }

  log(kind: string, level: LogLevel, message: string): void {
    const now = this.now();
    this.closeExpiredWindows(now);
    let window = this.windows.get(kind);
    if (window === undefined) {
      window = { start: now, emitted: 0, suppressed: 0, level };
      this.windows.set(kind, window);
    }
    if (window.emitted < this.maxPerInterval) {
      window.emitted++;
      this.emit(level, message);
    } else {
      window.suppressed++;
      window.level = level;
    }
  }

  /** Writes the pending "(M more suppressed)" summaries and forgets all windows. */
  flush(): void {
    for (const [kind, window] of this.windows) this.summarise(kind, window);
    this.windows.clear();
  }

  private closeExpiredWindows(now: number): void {
    for (const [kind, window] of this.windows) {
      if (now - window.start < this.intervalMs) continue;
      this.summarise(kind, window);
      this.windows.delete(kind);
    }
  }

  private summarise(kind: string, window: KindWindow): void {
    if (window.suppressed > 0) this.emit(window.level, `${kind}: (${window.suppressed} more suppressed)`);
  }
}
