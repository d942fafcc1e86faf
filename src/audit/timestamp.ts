// stageTimestamp → event timestamp: what Go's time.Parse(RFC3339Nano) accepts, in ns, as upstream
// k8saudit reads it.

export const UINT64_MAX = 18446744073709551615n;

const ZERO_TIME_SECONDS = -62135596800; // 0001-01-01T00:00:00Z, Go's zero time

/**
 * Parses `YYYY-MM-DDTHH:MM:SS[.frac]Z|±HH:MM` into ns since the epoch as uint64 (pre-1970 instants
 * wrap as two's complement; Go's zero time gives UINT64_MAX). Throws Error on invalid input.
 */
export function parseStageTimestamp(text: string): bigint {
  const r = new Reader(text);
  const year = r.digits(4, 'year');
  r.expect(45);
  const month = r.digits(2, 'month');
  r.expect(45);
  const day = r.digits(2, 'day');
  r.expect(84); // 'T', uppercase only
  const hour = r.hour();
  r.expect(58);
  const minute = r.digits(2, 'minute');
  r.expect(58);
  const second = r.digits(2, 'second');
  const nsec = r.fraction();
  const offset = r.zone();
  if (r.pos !== text.length) r.fail('extra text after the time zone');
  if (month < 1 || month > 12) r.fail('month out of range');
  if (day < 1 || day > daysInMonth(year, month)) r.fail('day out of range');
  if (hour > 23) r.fail('hour out of range');
  if (minute > 59) r.fail('minute out of range');
  if (second > 59) r.fail('second out of range');

  const seconds = daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offset;
  if (seconds === ZERO_TIME_SECONDS && nsec === 0) return UINT64_MAX;
  return BigInt.asUintN(64, BigInt(seconds) * 1_000_000_000n + BigInt(nsec));
}

class Reader {
  pos = 0;
  constructor(readonly text: string) {}

  fail(why: string): never {
    const shown = this.text.length > 64 ? this.text.slice(0, 64) + '…' : this.text;
    throw new Error(`invalid stageTimestamp ${JSON.stringify(shown)}: ${why}`);
  }

  isDigit(i: number): boolean {
    const c = this.text.charCodeAt(i);
    return c >= 48 && c <= 57;
  }

  digits(n: number, what: string): number {
    let v = 0;
    for (let k = 0; k < n; k++) {
      if (!this.isDigit(this.pos)) this.fail(`bad ${what}`);
      v = v * 10 + this.text.charCodeAt(this.pos++) - 48;
    }
    return v;
  }

  expect(c: number): void {
    if (this.text.charCodeAt(this.pos) !== c) this.fail(`expected '${String.fromCharCode(c)}' at ${this.pos}`);
    this.pos++;
  }

  /** Go's fallback parser takes a one- or two-digit hour. */
  hour(): number {
    const h = this.digits(1, 'hour');
    return this.isDigit(this.pos) ? h * 10 + this.digits(1, 'hour') : h;
  }

  /** Optional `.` or `,` and at least one digit; digits after the 9th are dropped (not rounded). */
  fraction(): number {
    const c = this.text.charCodeAt(this.pos);
    if ((c !== 46 && c !== 44) || !this.isDigit(this.pos + 1)) return 0;
    this.pos++;
    let ns = 0;
    let n = 0;
    while (this.isDigit(this.pos)) {
      if (n < 9) {
        ns = ns * 10 + this.text.charCodeAt(this.pos) - 48;
        n++;
      }
      this.pos++;
    }
    for (; n < 9; n++) ns *= 10;
    return ns;
  }

  /** `Z` or `±HH:MM` → offset east of UTC in seconds. */
  zone(): number {
    const c = this.text.charCodeAt(this.pos);
    if (c === 90) {
      this.pos++;
      return 0;
    }
    if (c !== 43 && c !== 45) this.fail('missing time zone');
    this.pos++;
    const hh = this.digits(2, 'zone hour');
    this.expect(58);
    const mm = this.digits(2, 'zone minute');
    if (hh > 24 || mm > 60) this.fail('zone offset out of range');
    const off = (hh * 60 + mm) * 60;
    return c === 45 ? -off : off;
  }
}

function isLeap(y: number): boolean {
  return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeap(y) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}
