// Detects dead connections: after `intervalMs` without incoming data, ping; without any data
// (pong or message) within `timeoutMs` after that, declare the connection dead. Silence itself is
// normal for an audit stream, so a live but quiet server only ever sees one ping per interval.
import { systemClock, type Clock, type TimerHandle } from '../../util/clock.js';

export interface KeepaliveOptions {
  readonly intervalMs: number;
  readonly timeoutMs: number;
  /** Sends a ping; returns false if it could not be sent (the connection is then dead too). */
  readonly ping: () => boolean;
  /** Called once when no data came back in time. */
  readonly onTimeout: () => void;
  readonly clock?: Clock;
}

export class Keepalive {
  private readonly clock: Clock;
  private timer: TimerHandle | undefined;
  private lastActivity = 0;
  private pingSentAt: number | undefined;

  constructor(private readonly options: KeepaliveOptions) {
    this.clock = options.clock ?? systemClock;
  }

  /** (Re)starts watching, counting idleness from now. */
  start(): void {
    this.stop();
    this.lastActivity = this.clock.now();
    this.schedule(this.options.intervalMs);
  }

  /** Stops all timers (connection closed, or reading paused on purpose). */
  stop(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.pingSentAt = undefined;
  }

  /** Something arrived (message or pong). Cheap: called for every message. */
  activity(): void {
    this.lastActivity = this.clock.now();
  }

  /** A pong arrived: the connection is alive; watch for idleness again from now. */
  pong(): void {
    this.lastActivity = this.clock.now();
    if (this.pingSentAt === undefined || this.timer === undefined) return;
    this.clock.clearTimeout(this.timer);
    this.pingSentAt = undefined;
    this.schedule(this.options.intervalMs);
  }

  private schedule(ms: number): void {
    this.timer = this.clock.setTimeout(() => this.check(), Math.max(1, ms));
  }

  private check(): void {
    this.timer = undefined;
    const now = this.clock.now();
    if (this.pingSentAt !== undefined) {
      if (this.lastActivity >= this.pingSentAt) {
        // Answered: back to watching for idleness.
        this.pingSentAt = undefined;
        this.schedule(this.options.intervalMs - (now - this.lastActivity));
        return;
      }
      this.pingSentAt = undefined;
      this.options.onTimeout();
      return;
    }
    const idle = now - this.lastActivity;
    if (idle < this.options.intervalMs) {
      this.schedule(this.options.intervalMs - idle);
      return;
    }
    this.pingSentAt = now;
    if (!this.options.ping()) {
      this.pingSentAt = undefined;
      this.options.onTimeout();
      return;
    }
    this.schedule(this.options.timeoutMs);
  }
}
