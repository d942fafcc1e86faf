// A growable little-endian byte buffer for the JS -> native wire formats.

/** Strings up to this length are tried as ASCII, byte by byte, before Buffer.write. */
const SHORT_STRING = 64;

export class ByteWriter {
  private buf: Buffer;
  private len = 0;

  constructor(initialCapacity = 64 * 1024) {
    this.buf = Buffer.allocUnsafe(initialCapacity);
  }

  get length(): number {
    return this.len;
  }

  reset(): void {
    this.len = 0;
  }

  u8(v: number): void {
    this.ensure(1);
    this.buf[this.len++] = v;
  }

  u32(v: number): void {
    this.ensure(4);
    this.putU32(v, this.len);
    this.len += 4;
  }

  u32At(offset: number, v: number): void {
    this.putU32(v, offset);
  }

  /** Drops what was written from `length` on. */
  truncate(length: number): void {
    this.len = length;
  }

  /** Room for a u32 byte length to be patched by endString; returns where it goes. */
  beginString(): number {
    this.ensure(4);
    const at = this.len;
    this.len += 4;
    return at;
  }

  /** Patches the length of the string begun at `at` and writes its terminating NUL. */
  endString(at: number): void {
    this.putU32(this.len - at - 4, at);
    this.ensure(1);
    this.buf[this.len++] = 0;
  }

  /**
   * Appends the UTF-8 bytes of src[from, to), up to its first NUL (Falco reads C strings); returns
   * false when a NUL cut it short. Short ASCII runs are copied here, the rest by Buffer.write.
   */
  textBytes(src: string, from: number, to: number): boolean {
    const n = to - from;
    this.ensure(n * 3);
    if (n <= SHORT_STRING) {
      const b = this.buf;
      let at = this.len;
      let i = from;
      for (; i < to; i++) {
        const c = src.charCodeAt(i);
        if (c === 0) {
          this.len = at;
          return false;
        }
        if (c >= 0x80) break;
        b[at++] = c;
      }
      this.len = at;
      if (i === to) return true;
      from = i;
    }
    // Sliced first, so the search for a NUL stops at the value's end, not at the payload's.
    let text = from === 0 && to === src.length ? src : src.slice(from, to);
    const nul = text.indexOf('\u0000');
    if (nul >= 0) text = text.slice(0, nul);
    this.len += this.buf.write(text, this.len, 'utf8');
    return nul < 0;
  }

  u64(v: bigint): void {
    this.ensure(8);
    this.buf.writeBigUInt64LE(v, this.len);
    this.len += 8;
  }

  /** u32 byte length, the UTF-8 bytes, and (when nul) a terminating NUL not counted in the length. */
  string(s: string, nul: boolean): void {
    const n = s.length;
    this.ensure(4 + n * 3 + 1);
    // Short ASCII strings (most field values) are copied here: cheaper than a call into Buffer.write.
    let copied = 0;
    if (n <= SHORT_STRING) {
      const b = this.buf;
      const at = this.len + 4;
      while (copied < n) {
        const c = s.charCodeAt(copied);
        if (c >= 0x80) break;
        b[at + copied++] = c;
      }
    }
    const bytes = copied === n ? n : this.buf.write(s, this.len + 4, 'utf8');
    this.putU32(bytes, this.len);
    this.len += 4 + bytes;
    if (nul) this.buf[this.len++] = 0;
  }

  private putU32(v: number, at: number): void {
    const b = this.buf;
    b[at] = v;
    b[at + 1] = v >>> 8;
    b[at + 2] = v >>> 16;
    b[at + 3] = v >>> 24;
  }

  /** A copy of the bytes written so far. */
  take(): Uint8Array {
    return Buffer.from(this.buf.subarray(0, this.len));
  }

  /** The bytes written so far, without copying: valid until the next write or reset. */
  view(): Uint8Array {
    return this.buf.subarray(0, this.len);
  }

  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.len + n) cap *= 2;
    const next = Buffer.allocUnsafe(cap);
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }
}
