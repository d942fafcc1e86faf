// Several streams share one consumer (the instance's native queue), which counts what Falco took
// in delivery order for all of them at once. This log remembers which stream each delivered event
// came from, in that order, so each stream learns its own share of the consumer's count.
import type { ConsumerProgress } from '../source.js';

/** How far into the log a consumer count has been read, and each stream's share of it. */
class Cursor {
  /** Index of the run the cursor is in, and events of that run already passed. */
  run = 0;
  offset = 0;
  /** Events passed in all (a consumer count). */
  position = 0;
  readonly perStream: number[];

  constructor(streams: number) {
    this.perStream = new Array<number>(streams).fill(0);
  }
}

export class DeliveryOrder {
  /** Runs of consecutive events from one stream: stream index and length. */
  private runStreams: number[] = [];
  private runLengths: number[] = [];
  private readonly pushed: number[];
  private readonly returned: Cursor;
  private readonly finished: Cursor;

  constructor(readonly streams: number) {
    this.pushed = new Array<number>(streams).fill(0);
    this.returned = new Cursor(streams);
    this.finished = new Cursor(streams);
  }

  /** `count` events of `stream` were handed to the consumer, after every event recorded before. */
  record(stream: number, count: number): void {
    if (count <= 0) return;
    this.pushed[stream] = (this.pushed[stream] ?? 0) + count;
    const last = this.runStreams.length - 1;
    if (last >= 0 && this.runStreams[last] === stream) this.runLengths[last] = (this.runLengths[last] as number) + count;
    else {
      this.runStreams.push(stream);
      this.runLengths.push(count);
    }
  }

  /** Events of `stream` handed to the consumer so far. */
  pushedBy(stream: number): number {
    return this.pushed[stream] ?? 0;
  }

  /** Reads the consumer's counts (which never go back) and returns each stream's share of them. */
  advance(consumer: ConsumerProgress): void {
    this.move(this.returned, consumer.returned);
    this.move(this.finished, consumer.finished);
    this.trim();
  }

  /** `stream`'s share of the consumer's counts as of the last advance. */
  progressOf(stream: number): ConsumerProgress {
    return { returned: this.returned.perStream[stream] ?? 0, finished: this.finished.perStream[stream] ?? 0 };
  }

  private move(cursor: Cursor, target: number): void {
    while (cursor.position < target) {
      const length = this.runLengths[cursor.run];
      if (length === undefined) return;
      if (cursor.offset === length) {
        // The last run may still grow: the cursor waits at its end.
        if (cursor.run + 1 >= this.runLengths.length) return;
        cursor.run++;
        cursor.offset = 0;
        continue;
      }
      const step = Math.min(length - cursor.offset, target - cursor.position);
      const stream = this.runStreams[cursor.run] as number;
      cursor.perStream[stream] = (cursor.perStream[stream] as number) + step;
      cursor.position += step;
      cursor.offset += step;
    }
  }

  /** Drops the runs both cursors have passed, now and then, so the log holds what is in flight. */
  private trim(): void {
    const passed = Math.min(this.returned.run, this.finished.run);
    if (passed < 1024 || passed * 2 < this.runLengths.length) return;
    this.runStreams = this.runStreams.slice(passed);
    this.runLengths = this.runLengths.slice(passed);
    this.returned.run -= passed;
    this.finished.run -= passed;
  }
}
