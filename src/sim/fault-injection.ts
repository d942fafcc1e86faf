// The faults a test asks the simulator for: refused handshakes, a stalled sender, ignored pings.

export interface ForcedAnswer {
  readonly status: number;
  readonly retryAfter: string | undefined;
}

export class FaultInjection {
  private readonly forced: ForcedAnswer[] = [];
  private stalled = false;
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

  /** While stalled nothing is sent (pings are still answered). */
  setStalled(stalled: boolean): void {
    this.stalled = stalled;
  }

  get isStalled(): boolean {
    return this.stalled;
  }

  ignorePings(ignore: boolean): void {
    this.ignoringPings = ignore;
  }

  get answersPings(): boolean {
    return !this.ignoringPings;
  }
}
