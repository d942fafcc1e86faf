// Reconnect delays: exponential, capped, with jitter so many Falco nodes do not reconnect in step.

export interface BackoffOptions {
  readonly initialMs: number;
  readonly maxMs: number;
  /** Fraction of each delay that is randomised downwards (0 = none). Default 0.2. */
  readonly jitter?: number;
  /** Source of randomness in [0, 1) (tests inject one). */
  readonly random?: () => number;
}

/** initial, 2×initial, 4×initial, … up to max; each delay is shortened by up to `jitter` of itself. */
export class Backoff {
  private readonly initialMs: number;
  private readonly maxMs: number;
  private readonly jitter: number;
  private readonly random: () => number;
  private baseMs: number;

  constructor(options: BackoffOptions) {
    this.initialMs = Math.max(1, options.initialMs);
    this.maxMs = Math.max(this.initialMs, options.maxMs);
    this.jitter = Math.min(1, Math.max(0, options.jitter ?? 0.2));
    this.random = options.random ?? Math.random;
    this.baseMs = this.initialMs;
  }

  /** The delay to wait now; the following call returns about twice as much (up to max). */
  next(): number {
    const base = this.baseMs;
    this.baseMs = Math.min(this.maxMs, base * 2);
    return Math.max(1, Math.round(base * (1 - this.jitter * this.random())));
  }

  /** After a healthy connection the next failure starts again from the initial delay. */
  reset(): void {
    this.baseMs = this.initialMs;
  }
}
