// Bounded memory of recently delivered events, so a replay after a reconnect adds no duplicates.

/**
 * Remembers the last `capacity` keys: a ring gives the eviction order, a Set the O(1) lookup.
 * Capacity 0 disables the memory (every key is new).
 */
export class RecentKeys {
  private readonly ring: (string | undefined)[];
  private readonly set = new Set<string>();
  private next = 0;

  constructor(readonly capacity: number) {
    this.ring = new Array<string | undefined>(Math.max(0, Math.floor(capacity)));
  }

  get size(): number {
    return this.set.size;
  }

  has(key: string): boolean {
    return this.set.has(key);
  }

  /** Adds `key`; returns false (and changes nothing) when it is already remembered. */
  add(key: string): boolean {
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
 * The identity of one audit event record. auditID alone is not enough: one request can be logged
 * at several stages (RequestReceived, ResponseComplete, …) under the same auditID, each with its
 * own stageTimestamp. A replayed record is byte-identical, so auditID + stageTimestamp matches it.
 * Events without an auditID (rare, never from Kubernetes) fall back to a hash of their bytes.
 */
export function eventKey(auditId: string | undefined, ts: bigint, data: string): string {
  if (auditId !== undefined) return `${auditId}\u0000${ts}`;
  return `#${hash53(data)}\u0000${ts}\u0000${data.length}`;
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
