// Where an LDP stream was left: enough to resume it later with nothing lost or repeated. The
// same text goes to the in-process hand-over (Falco's hot reload) and to the checkpoint file
// (restarts). It names the stream without its token: the token is never written anywhere.

export interface StreamPosition {
  /** The stream without its token: scheme://host:port/path. */
  readonly stream: string;
  /** When it was taken, unix seconds (local clock). */
  readonly savedAt: number;
  /** Taken at close (true) or on the periodic schedule (false: events after it may be repeated). */
  readonly clean: boolean;
  /** Seconds between periodic positions when it was taken (bounds what an unclean stop repeats). */
  readonly intervalSeconds: number;
  /** Replay from this LDP time (unix seconds, whole): every record before it was delivered. */
  readonly resumeFrom: number;
  /** Largest LDP time seen (informational). */
  readonly lastSeen: number | undefined;
  /** Event keys delivered with LDP time >= resumeFrom, and that LDP time, oldest first. */
  readonly keys: readonly number[];
  readonly stamps: readonly number[];
}

const FORMAT = 'k8saudit-ovh/ldp-position';
const VERSION = 1;

/** JSON text; keys and stamps as base64 of little-endian float64 pairs (compact, exact). */
export function encodePosition(position: StreamPosition): string {
  const pairs = Buffer.alloc(position.keys.length * 16);
  position.keys.forEach((key, i) => {
    pairs.writeDoubleLE(key, 16 * i);
    pairs.writeDoubleLE(position.stamps[i] as number, 16 * i + 8);
  });
  return JSON.stringify({
    format: FORMAT,
    version: VERSION,
    stream: position.stream,
    savedAt: position.savedAt,
    clean: position.clean,
    intervalSeconds: position.intervalSeconds,
    resumeFrom: position.resumeFrom,
    lastSeen: position.lastSeen ?? null,
    events: position.keys.length,
    keys: pairs.toString('base64'),
  });
}

/** The position in `text`, or why it is not one. */
export function decodePosition(text: string): StreamPosition | { readonly invalid: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { invalid: 'not JSON' };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { invalid: 'not a JSON object' };
  const r = raw as Record<string, unknown>;
  if (r['format'] !== FORMAT) return { invalid: `format is not "${FORMAT}"` };
  if (r['version'] !== VERSION) return { invalid: `version ${String(r['version'])} is not ${VERSION}` };
  const { stream, savedAt, clean, intervalSeconds, resumeFrom, lastSeen, events, keys } = r;
  if (typeof stream !== 'string' || stream === '') return { invalid: 'no stream' };
  if (!isFiniteNumber(savedAt) || typeof clean !== 'boolean' || !isFiniteNumber(intervalSeconds)) return { invalid: 'bad savedAt, clean or intervalSeconds' };
  if (!isFiniteNumber(resumeFrom) || !(lastSeen === null || isFiniteNumber(lastSeen))) return { invalid: 'bad resumeFrom or lastSeen' };
  if (typeof keys !== 'string' || !Number.isInteger(events)) return { invalid: 'bad keys' };
  const bytes = Buffer.from(keys, 'base64');
  if (bytes.length !== (events as number) * 16) return { invalid: `keys hold ${bytes.length} bytes, not ${(events as number) * 16}` };
  const keyList: number[] = [];
  const stampList: number[] = [];
  for (let at = 0; at < bytes.length; at += 16) {
    keyList.push(bytes.readDoubleLE(at));
    stampList.push(bytes.readDoubleLE(at + 8));
  }
  return {
    stream,
    savedAt,
    clean,
    intervalSeconds,
    resumeFrom,
    lastSeen: lastSeen === null ? undefined : lastSeen,
    keys: keyList,
    stamps: stampList,
  };
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
