// One client of the simulated tail: a cursor into the record log, sent from as fast as the
// client reads. Sending waits once the socket holds `highWaterMark` bytes, so a slow client makes
// the simulator wait instead of buffering without limit.
import type { WebSocket } from 'ws';
import type { RecordLog } from './record-log.js';

export interface SendCounters {
  framesSent: number;
  maxBufferedAmount: number;
  /** Times sending had to wait for a slow client's socket to drain. */
  sendWaits: number;
}

export class TailConnection {
  private waitingForDrain = false;

  constructor(
    readonly ws: WebSocket,
    /** Called when sending starts to wait for the client. */
    private readonly onWait: () => void,
    private readonly log: RecordLog,
    /** Absolute index of the next record to send. */
    private cursor: number,
    /** `end` of the requested window (unix seconds), if any. */
    private readonly end: number | undefined,
    private readonly highWaterMark: number,
    private readonly counters: SendCounters,
    private readonly clock: () => number,
  ) {}

  /** Sends what the client has not had yet, as far as its socket allows. */
  pump(): void {
    const { ws } = this;
    if (this.waitingForDrain || ws.readyState !== ws.OPEN) return;
    if (this.cursor < this.log.first) this.cursor = this.log.first; // fell behind retention
    while (this.cursor < this.log.head) {
      const rec = this.log.at(this.cursor);
      if (this.end !== undefined && rec.timestamp > this.end) break;
      this.cursor++;
      this.counters.framesSent++;
      const size = rec.frame.byteLength;
      if (ws.bufferedAmount + size >= this.highWaterMark) {
        // Wait until this frame reached the kernel before sending more.
        this.waitingForDrain = true;
        this.counters.sendWaits++;
        this.onWait();
        ws.send(rec.frame, { binary: rec.binary }, () => {
          this.waitingForDrain = false;
          this.pump();
        });
        this.noteBacklog();
        return;
      }
      ws.send(rec.frame, { binary: rec.binary });
    }
    this.noteBacklog();
    // A window whose end has passed is complete: LDP-like, close normally.
    if (this.end !== undefined && this.end < this.clock() && this.cursor >= this.log.firstIndexAfter(this.end)) {
      ws.close(1000, 'end of requested window');
    }
  }

  private noteBacklog(): void {
    this.counters.maxBufferedAmount = Math.max(this.counters.maxBufferedAmount, this.ws.bufferedAmount);
  }
}
