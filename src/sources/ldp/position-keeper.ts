// Keeps the stream's position across instances and restarts. At close the position goes to the
// process-wide hand-over (Falco's hot reload creates the next instance in the same process) and,
// with checkpointFile, to disk; on the schedule it goes to disk only. On open the hand-over wins
// over the file, being newer.
import { systemClock, type Clock, type TimerHandle } from '../../util/clock.js';
import type { LogLevel } from '../../util/log-level.js';
import type { ConsumerProgress } from '../source.js';
import { CheckpointFile, judgePosition } from './checkpoint-file.js';
import { DeliveryLedger } from './delivery-ledger.js';
import { decodePosition, encodePosition, type StreamPosition } from './stream-position.js';

/** Where a position waits for the next instance of this process. */
export interface PositionHandoff {
  keep(stream: string, text: string): void;
  /** The position kept for `stream`, removed from the hand-over. */
  take(stream: string): string | undefined;
}

/** This JS environment's memory: right for plain Node; inside Falco the plugin gives its native one. */
export function memoryHandoff(): PositionHandoff {
  const kept = new Map<string, string>();
  return {
    keep: (stream, text) => void kept.set(stream, text),
    take: (stream) => {
      const text = kept.get(stream);
      kept.delete(stream);
      return text;
    },
  };
}

const processHandoff = memoryHandoff();

export interface PositionKeeperOptions {
  readonly stream: string;
  readonly dedupWindow: number;
  readonly checkpointFile: string | undefined;
  readonly intervalSeconds: number;
  readonly maxAgeSeconds: number;
  readonly handoff?: PositionHandoff | undefined;
  readonly clock?: Clock | undefined;
}

/** What the keeper needs from its source. */
export interface PositionSource {
  log(level: LogLevel, message: string): void;
  /** A warning that may repeat (rate-limited by the source). */
  warn(kind: string, message: string): void;
  count(name: string, n?: number): void;
  /** The consumer's progress; undefined: every event handed over counts as taken. */
  progress(): ConsumerProgress | undefined;
  /** See ReplayTracker.replayFrom. */
  replayFrom(): number | undefined;
  lastSeen(): number | undefined;
  /** A periodic checkpoint was written. */
  checkpointWritten(position: StreamPosition): void;
}

/** How often, in events handed over, the ledger asks the consumer what it took (bounds memory). */
const SETTLE_EVERY = 2048;

export class PositionKeeper {
  private readonly ledger: DeliveryLedger;
  private readonly file: CheckpointFile | undefined;
  private readonly handoff: PositionHandoff;
  private readonly clock: Clock;
  private timer: TimerHandle | undefined;
  private nextSettleAt = SETTLE_EVERY;
  private lastWritten: string | undefined;
  private closed = false;
  /**
   * The restored position's resumeFrom: every record before it was evaluated, and only the events
   * from there on are listed, so a later position must not start before it.
   */
  private floor = 0;

  constructor(
    private readonly options: PositionKeeperOptions,
    private readonly source: PositionSource,
  ) {
    this.ledger = new DeliveryLedger(options.dedupWindow);
    this.file = options.checkpointFile === undefined ? undefined : new CheckpointFile(options.checkpointFile, options.maxAgeSeconds);
    this.handoff = options.handoff ?? processHandoff;
    this.clock = options.clock ?? systemClock;
  }

  /**
   * The position to resume from: the one an earlier instance of this process left, else the
   * checkpoint file's. Logs which one, or why none is used.
   */
  restore(): StreamPosition | undefined {
    const now = this.nowSeconds();
    const handed = this.handoff.take(this.options.stream);
    if (handed !== undefined) {
      const verdict = judgePosition(decodePosition(handed), this.options.stream, now, this.options.maxAgeSeconds);
      if ('use' in verdict) return this.resumeFrom(verdict.use, 'where the previous instance of this process stopped');
      this.source.log('warning', `Not resuming the previous instance's position: it ${verdict.ignored}`);
    }
    if (this.file === undefined) return undefined;
    const verdict = this.file.read(this.options.stream, now);
    if ('missing' in verdict) {
      this.source.log('info', `No checkpoint at "${this.file.path}" yet; starting live`);
      return undefined;
    }
    if ('ignored' in verdict) {
      this.source.log('warning', `Ignoring the checkpoint "${this.file.path}": it ${verdict.ignored}; starting live`);
      return undefined;
    }
    const age = Math.max(0, Math.round(now - verdict.use.savedAt));
    return this.resumeFrom(verdict.use, `from the checkpoint "${this.file.path}" (saved ${age} s ago)`);
  }

  /** Starts writing the checkpoint on its schedule (with a checkpoint file only). */
  start(): void {
    if (this.file !== undefined && this.timer === undefined && !this.closed) this.schedule();
  }

  /** Events about to be handed to the sink, in order, with their record's LDP time. */
  record(keys: readonly number[], stamp: number): void {
    this.ledger.record(keys, stamp);
    if (this.ledger.inFlight >= this.nextSettleAt) {
      this.settle();
      this.nextSettleAt = this.ledger.inFlight + SETTLE_EVERY;
    }
  }

  /** The final position: handed to the next instance and written to the checkpoint file. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    const position = this.position(true);
    if (position === undefined) return;
    this.source.log(
      'info',
      `Stream position kept for the next instance: ${this.ledger.settledEvents} of ${this.ledger.recordedEvents} events evaluated by Falco, ` +
        `resume from LDP time ${position.resumeFrom} skipping ${position.keys.length} events`,
    );
    const text = encodePosition(position);
    this.handoff.keep(this.options.stream, text);
    if (this.file !== undefined) this.write(position);
  }

  private resumeFrom(position: StreamPosition, where: string): StreamPosition {
    this.ledger.restore(position.keys, position.stamps);
    this.floor = position.resumeFrom;
    this.source.count('ldp_resumes');
    this.source.log(
      'info',
      `Resuming ${where}: replaying from LDP time ${position.resumeFrom}, ${position.keys.length} events already delivered are skipped`,
    );
    return position;
  }

  private schedule(): void {
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      if (this.closed) return;
      const position = this.position(false);
      if (position !== undefined && this.write(position)) this.source.checkpointWritten(position);
      this.schedule();
    }, this.options.intervalSeconds * 1000);
  }

  /**
   * Where a later reader should resume: every record older than `resumeFrom` was evaluated by
   * Falco, and the events from there on that were are listed. Only events Falco finished count
   * (it asked for more after them): the one it was handed last may be dropped by its loop at a
   * stop or reload. `clean`: written at close, so nothing after it reached Falco.
   */
  private position(clean: boolean): StreamPosition | undefined {
    this.settle();
    const bounds = [this.source.replayFrom(), this.ledger.oldestInFlight()].filter((t): t is number => t !== undefined);
    if (bounds.length === 0 && this.floor === 0) return undefined;
    // Not before the restored position's start: an instance that saw little (a reload soon after
    // the previous one) would otherwise go back past it, to records evaluated but not listed.
    const resumeFrom = bounds.length === 0 ? this.floor : Math.max(this.floor, Math.floor(Math.min(...bounds)));
    const { keys, stamps } = this.ledger.takenSince(resumeFrom);
    return {
      stream: this.options.stream,
      savedAt: this.nowSeconds(),
      clean,
      intervalSeconds: this.options.intervalSeconds,
      resumeFrom,
      lastSeen: this.source.lastSeen(),
      keys,
      stamps,
    };
  }

  private settle(): void {
    const consumer = this.source.progress();
    this.ledger.settle(consumer === undefined ? this.ledger.recordedEvents : consumer.finished);
  }

  /** Writes the checkpoint unless it would say the same as the last one; true when written. */
  private write(position: StreamPosition): boolean {
    const file = this.file as CheckpointFile;
    const same = `${position.clean} ${position.resumeFrom} ${position.keys.length} ${position.keys[position.keys.length - 1] ?? ''}`;
    if (same === this.lastWritten) return false;
    try {
      file.write(position);
      this.lastWritten = same;
      this.source.count('ldp_checkpoints_written');
      return true;
    } catch (err) {
      this.source.count('ldp_checkpoint_write_failures');
      this.source.warn('ldp_checkpoint_write_failures', `Cannot write the checkpoint "${file.path}": ${(err as Error).message}`);
      return false;
    }
  }

  private nowSeconds(): number {
    return this.clock.now() / 1000;
  }
}
