// Bounded memory of recently delivered events, so a replay after a reconnect adds no duplicates.

/**
 * Remembers the last `capacity` keys (integers below 2^53, see eventKey). A ring gives the
 * eviction order, an open-addressing table of ring positions the O(1) lookup. Both are typed
 * arrays allocated once: a Set of numbers would box every key on V8's heap and, with a key
 * deleted for each one added, rebuild its multi-megabyte table every few ten thousand events,
 * garbage that only a full collection frees. Capacity 0 disables the memory (every key is new).
 */
export class RecentKeys {
  private readonly ring: Float64Array;
  /** Ring position + 1 of the key homed near each slot; 0 = empty. At most half full. */
  private readonly table: Int32Array;
  private readonly mask: number;
  private count = 0;
  private next = 0;

  constructor(readonly capacity: number) {
    const n = Math.max(0, Math.floor(capacity));
    this.ring = new Float64Array(n);
    let slots = 2;
    while (slots < 2 * n) slots *= 2;
    this.table = new Int32Array(n === 0 ? 0 : slots);
    this.mask = slots - 1;
  }

  get size(): number {
    return this.count;
  }

  has(key: number): boolean {
    return this.find(key) >= 0;
  }

  /** Adds `key`; returns false (and changes nothing) when it is already remembered. */
  add(key: number): boolean {
    if (this.ring.length === 0) return true;
    if (this.find(key) >= 0) return false;
    if (this.count === this.ring.length) this.remove(this.slotOfPosition(this.next));
    else this.count++;
    this.ring[this.next] = key;
    let slot = this.home(key);
    while (this.table[slot] !== 0) slot = (slot + 1) & this.mask;
    this.table[slot] = this.next + 1;
    this.next = (this.next + 1) % this.ring.length;
    return true;
  }

  /** Keys are uniform hashes: their low 32 bits are a good slot. */
  private home(key: number): number {
    return (key >>> 0) & this.mask;
  }

  private find(key: number): number {
    if (this.table.length === 0) return -1;
    for (let slot = this.home(key); ; slot = (slot + 1) & this.mask) {
      const entry = this.table[slot] as number;
      if (entry === 0) return -1;
      if (this.ring[entry - 1] === key) return slot;
    }
  }

  /** The slot holding ring position `position` (which must be in use). */
  private slotOfPosition(position: number): number {
    let slot = this.home(this.ring[position] as number);
    while (this.table[slot] !== position + 1) slot = (slot + 1) & this.mask;
    return slot;
  }

  /** Empties `slot`, moving later entries of its probe run back so lookups need no tombstones. */
  private remove(slot: number): void {
    let hole = slot;
    for (let probe = (hole + 1) & this.mask; this.table[probe] !== 0; probe = (probe + 1) & this.mask) {
      const home = this.home(this.ring[(this.table[probe] as number) - 1] as number);
      // The entry may fill the hole unless its home lies cyclically after the hole, up to the probe.
      const stays = hole <= probe ? hole < home && home <= probe : hole < home || home <= probe;
      if (stays) continue;
      this.table[hole] = this.table[probe] as number;
      hole = probe;
    }
    this.table[hole] = 0;
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
