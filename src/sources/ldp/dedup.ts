// Bounded memory of recently delivered events, so a replay after a reconnect adds no duplicates.

/**
 * Remembers the last `capacity` keys: a ring gives the eviction order, a Set the O(1) lookup.
 * Capacity 0 disables the memory (every key is new).
 */
export class RecentKeys {
  private readonly ring: (number | undefined)[];
  private readonly set = new Set<number>();
  private next = 0;

  constructor(readonly capacity: number) {
    this.ring = new Array<number | undefined>(Math.max(0, Math.floor(capacity)));
  }

  get size(): number {
    return this.set.size;
  }

  has(key: number): boolean {
    return this.set.has(key);
  }

  /** Adds `key`; returns false (and changes nothing) when it is already remembered. */
  add(key: number): boolean {
    if (this.ring.length === 0) return true;
    if (this.set.has(key)) return false;
    const evicted = this.ring[this.next];
    if (evicted !== undefined) this.set.delete(evicted);
    this.ring[this.next] = key;
    this.next = (this.next + 1) % this.ring.length;
    this.set.add(key);
    return true;
  }
}

/**
 * The identity of one audit event record, as a 53-bit hash. auditID alone is not enough: one
 * request can be logged at several stages (RequestReceived, ResponseComplete, …) under the same
 * auditID, each with its own stageTimestamp. A replayed record is byte-identical, so auditID +
 * stageTimestamp matches it. Events without an auditID (rare, never from Kubernetes) use their
 * bytes. A number rather than the text: an auditID string is a slice of its whole message, and
 * keeping 100k of them would keep 100k messages alive. A false match needs a 53-bit collision
 * within the window (about 1e-11 per event for 100k keys).
 */
export function eventKey(auditId: string | undefined, ts: bigint, data: string): number {
  if (auditId !== undefined) return hash53(`${auditId}\u0000${ts}`);
  return hash53(`#${data}\u0000${ts}`);
}

/** cyrb53: a fast 53-bit string hash (not cryptographic; collisions only cost a dropped duplicate). */
function hash53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
