// The stream position on disk, so a restarted Falco resumes where the previous one stopped. The
// file is replaced atomically (write a temporary file, then rename): a reader sees the old or the
// new position, never half of one. It holds no token.
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { decodePosition, encodePosition, type StreamPosition } from './stream-position.js';

/** A position to resume from, or why it may not be used (completes "it …"). */
export type PositionVerdict = { readonly use: StreamPosition } | { readonly ignored: string };
export type CheckpointVerdict = PositionVerdict | { readonly missing: true };

function temporaryPath(path: string): string {
  return `${path}.tmp`;
}

function writeAtomically(path: string, text: string): void {
  const tmp = temporaryPath(path);
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

/**
 * Throws an Error naming the path when a checkpoint cannot be written there (missing folder,
 * read-only file system, a folder in the way). Checked at init so a bad path fails at once.
 */
export function assertCheckpointWritable(path: string): void {
  const tmp = temporaryPath(path);
  try {
    closeSync(openSync(tmp, 'w', 0o600));
    rmSync(tmp, { force: true });
  } catch (err) {
    throw new Error(`checkpointFile "${path}" cannot be written: ${(err as Error).message}`);
  }
}

export class CheckpointFile {
  constructor(
    readonly path: string,
    private readonly maxAgeSeconds: number,
  ) {}

  /** The checkpoint of `stream` when there is a usable one, at `nowSeconds`. */
  read(stream: string, nowSeconds: number): CheckpointVerdict {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { missing: true };
      return { ignored: `cannot be read (${(err as Error).message})` };
    }
    return judgePosition(decodePosition(text), stream, nowSeconds, this.maxAgeSeconds);
  }

  /** Replaces the file with `position`; throws on I/O errors. */
  write(position: StreamPosition): void {
    writeAtomically(this.path, encodePosition(position));
  }
}

/** Whether a decoded position may be resumed by `stream` now. */
export function judgePosition(
  decoded: ReturnType<typeof decodePosition>,
  stream: string,
  nowSeconds: number,
  maxAgeSeconds: number,
): PositionVerdict {
  if ('invalid' in decoded) return { ignored: `is not a valid checkpoint (${decoded.invalid})` };
  if (decoded.stream !== stream) return { ignored: `belongs to another stream (${decoded.stream})` };
  const age = nowSeconds - decoded.savedAt;
  if (age > maxAgeSeconds) {
    return { ignored: `is ${Math.round(age)} s old, older than checkpointMaxAgeSeconds (${maxAgeSeconds})` };
  }
  return { use: decoded };
}
