// A controllable feed: payloads ingested at a rate (or all at once), optionally looping. The rate
// is an upper bound: a feed never sends more than 100 ms of it at once.

export interface FeedOptions {
  /** Payloads per second; omitted = everything at once (1000/s when looping). */
  readonly rate?: number;
  /** Start over at the end (auditIDs get a `-<pass>` suffix so they stay unique). */
  readonly loop?: boolean;
}

export interface FeedHandle {
  /** Stops feeding (already ingested records stay). */
  stop(): void;
  /** Resolves when everything was ingested (never for loop) or stop() was called. */
  readonly done: Promise<void>;
  /** Payloads ingested so far by this feed. */
  readonly ingested: number;
}

/** Timers of the feed are registered with `timers` so the simulator can cancel them on close. */
export function startFeed(
  ingest: (texts: readonly string[]) => void,
  auditTexts: readonly string[],
  options: FeedOptions,
  timers: Set<NodeJS.Timeout>,
): FeedHandle {
  const texts = [...auditTexts];
  const total = texts.length;
  let ingested = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let resolveDone!: () => void;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));
  const finish = (): void => {
    stopped = true;
    if (timer !== undefined) {
      clearInterval(timer);
      timers.delete(timer);
    }
    resolveDone();
  };
  const handle: FeedHandle = {
    stop: finish,
    done,
    get ingested() {
      return ingested;
    },
  };
  const rate = options.rate ?? (options.loop ? 1000 : Infinity);
  if (total === 0 || !Number.isFinite(rate)) {
    if (total > 0) ingest(texts);
    ingested = total;
    finish();
    return handle;
  }
  const payloadAt = (i: number): string => {
    const pass = Math.floor(i / total);
    const text = texts[i % total] as string;
    return pass === 0 ? text : withAuditIdSuffix(text, `-${pass}`);
  };
  let startedAt = Date.now();
  // At most 100 ms of the stream per tick: a feed that fell behind (a busy machine) goes on at
  // its rate instead of catching up in one burst, which would hold the whole deficit in memory.
  const maxBatch = Math.max(1, Math.ceil(rate / 10));
  timer = setInterval(() => {
    if (stopped) return;
    const due = Math.floor(((Date.now() - startedAt) / 1000) * rate);
    let limit = options.loop ? due : Math.min(due, total);
    if (limit - ingested > maxBatch) {
      startedAt += ((limit - ingested - maxBatch) / rate) * 1000;
      limit = ingested + maxBatch;
    }
    const batch: string[] = [];
    while (ingested + batch.length < limit) batch.push(payloadAt(ingested + batch.length));
    if (batch.length > 0) {
      ingest(batch);
      ingested += batch.length;
    }
    if (!options.loop && ingested >= total) finish();
  }, 10);
  timers.add(timer);
  return handle;
}

/** Appends `suffix` to the first "auditID":"…" of a payload text. */
export function withAuditIdSuffix(text: string, suffix: string): string {
  return text.replace(/("auditID"\s*:\s*")((?:[^"\\]|\\.)*)"/, (_m, head: string, id: string) => `${head}${id}${suffix}"`);
}
