// Replays audit events from a file (or named pipe) of JSON lines, or from every regular file of a folder in
// ascending modification time (as upstream k8saudit does), then reports the end of the capture.
// Reading pauses while Falco's queue is full. Over-long lines are skipped and counted, not fatal.
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import type { EventSink, EventSource } from './source.js';
import { LineSplitter } from './line-splitter.js';
import { PayloadIntake } from './payload-intake.js';

/** The counters this source counts besides the payload issues (exported from the start, at 0). */
export const FILE_COUNTERS = ['lines_too_long'] as const;

export interface FileSourceOptions {
  readonly maxEventSize: number;
  readonly maxLineBytes: number;
}

/** The files to read for `target` (a file, or a folder's regular files by mtime); throws a clear Error. */
export function listReplayFiles(target: string): string[] {
  let stats: fs.Stats;
  try {
    stats = fs.statSync(target);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    throw new Error(`cannot open audit file "${target}": ${why}`);
  }
  if (stats.isFile() || stats.isFIFO()) return [target];
  if (!stats.isDirectory()) throw new Error(`cannot open "${target}": not a regular file, named pipe or directory`);
  return fs
    .readdirSync(target)
    .map((name) => path.join(target, name))
    .map((file) => ({ file, stats: fs.statSync(file) }))
    .filter((f) => f.stats.isFile())
    .sort((a, b) => a.stats.mtimeMs - b.stats.mtimeMs)
    .map((f) => f.file);
}

/**
 * Read size: a chunk's memory is freed only when V8 collects it, so dead 1 MiB chunks piled up to
 * ~60 MiB of peak RSS; 64 KiB chunks cost the same CPU.
 */
const READ_CHUNK_BYTES = 64 * 1024;

/**
 * A named pipe is read through a non-blocking socket: a blocking read would hold a libuv pool
 * thread (and so Falco's shutdown) for as long as the writer stays silent.
 */
function openReadable(file: string): Readable {
  if (!fs.statSync(file).isFIFO()) return fs.createReadStream(file, { highWaterMark: READ_CHUNK_BYTES });
  const fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  return new net.Socket({ fd, readable: true, writable: false });
}

export class FileSource implements EventSource {
  private readonly files: string[];
  private stream: Readable | undefined;
  private closed = false;
  private readonly intake: PayloadIntake;

  constructor(target: string, private readonly options: FileSourceOptions, private readonly sink: EventSink) {
    this.files = listReplayFiles(target);
    this.intake = new PayloadIntake(sink, options.maxEventSize);
    sink.onDrain(() => this.stream?.resume());
  }

  start(): void {
    this.next(0);
  }

  /** Reading is paused because the consumer is full. */
  get paused(): boolean {
    return this.stream?.isPaused() ?? false;
  }

  close(): void {
    this.closed = true;
    this.stream?.destroy();
    this.stream = undefined;
  }

  private next(i: number): void {
    if (this.closed) return;
    const file = this.files[i];
    if (file === undefined) {
      this.intake.flushLog();
      this.sink.end();
      return;
    }
    const splitter = new LineSplitter(this.options.maxLineBytes);
    const stream = openReadable(file);
    this.stream = stream;
    const onLine = (line: string): void => {
      if (!this.intake.payload(line) && !this.closed) stream.pause();
    };
    const onTooLong = (bytes: number): void => {
      this.sink.count('lines_too_long');
      this.intake.warn('line_too_long', `skipped a line of ${bytes} bytes in ${file} (maxPayloadSize ${this.options.maxLineBytes})`);
    };
    stream.on('data', (chunk) => splitter.push(chunk as Buffer, onLine, onTooLong));
    stream.on('error', (e) => {
      if (!this.closed) this.sink.fail(`cannot read audit file "${file}": ${e.message}`);
    });
    stream.on('end', () => {
      splitter.finish(onLine, onTooLong);
      this.next(i + 1);
    });
  }
}
