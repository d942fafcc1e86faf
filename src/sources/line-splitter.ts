// Splits a byte stream into text lines ("\n", a trailing "\r" removed, empty lines skipped),
// never buffering more than maxLineBytes of one line.

export class LineSplitter {
  private parts: Buffer[] = [];
  private partBytes = 0;
  private skipping = false;  // inside a line that is already too long
  private skippedBytes = 0;

  constructor(private readonly maxLineBytes: number) {}

  push(chunk: Buffer, onLine: (line: string) => void, onTooLong: (bytes: number) => void): void {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(10, start);
      if (nl < 0) {
        this.keep(chunk.subarray(start));
        return;
      }
      if (this.partBytes === 0 && !this.skipping && nl - start <= this.maxLineBytes) {
        // A whole line inside this chunk: decoded in place, nothing kept.
        this.emitText(chunk.toString('utf8', start, nl), onLine);
      } else {
        this.keep(chunk.subarray(start, nl));
        this.emit(onLine, onTooLong);
      }
      start = nl + 1;
    }
  }

  finish(onLine: (line: string) => void, onTooLong: (bytes: number) => void): void {
    this.emit(onLine, onTooLong);
  }

  private emitText(text: string, onLine: (line: string) => void): void {
    const line = text.endsWith('\r') ? text.slice(0, -1) : text;
    if (line.length > 0) onLine(line);
  }

  private keep(piece: Buffer): void {
    if (piece.length === 0) return;
    if (this.skipping || this.partBytes + piece.length > this.maxLineBytes) {
      this.skipping = true;
      this.skippedBytes += this.partBytes + piece.length;
      this.parts = [];
      this.partBytes = 0;
      return;
    }
    this.parts.push(Buffer.from(piece));
    this.partBytes += piece.length;
  }

  private emit(onLine: (line: string) => void, onTooLong: (bytes: number) => void): void {
    if (this.skipping) {
      onTooLong(this.skippedBytes);
    } else if (this.partBytes > 0) {
      this.emitText((this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts)).toString('utf8'), onLine);
    }
    this.parts = [];
    this.partBytes = 0;
    this.skipping = false;
    this.skippedBytes = 0;
  }
}
