// The faults a test asks the simulator for: refused handshakes, a stalled sender, ignored pings.

export interface ForcedAnswer {
  readonly status: number;
  readonly retryAfter: string | undefined;
}

export class FaultInjection {
  private readonly forced: ForcedAnswer[] = [];
  private stalledUntil = 0;
  private ignoringPings = false;

  /** The next `count` handshakes are answered with `status` instead of 101. */
  failNextHandshakes(count: number, status: number, retryAfterSeconds?: number): void {
    const retryAfter = retryAfterSeconds === undefined ? undefined : String(retryAfterSeconds);
    for (let i = 0; i < count; i++) this.forced.push({ status, retryAfter });
  }

  /** The answer forced on this handshake, if any (each is used once). */
  takeForcedAnswer(): ForcedAnswer | undefined {
    return this.forced.shift();
  }

  /** Nothing is sent until `untilMs` (wall clock, ms). */
  stallUntil(untilMs: number): void {
    this.stalledUntil = Math.max(this.stalledUntil, untilMs);
  }

  isStalled(nowMs: number): boolean {
    return nowMs < this.stalledUntil;
  }

  ignorePings(ignore: boolean): void {
    this.ignoringPings = ignore;
  }

  get answersPings(): boolean {
    return !this.ignoringPings;
  }
}
