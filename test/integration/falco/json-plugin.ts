// What Falco's json plugin (0.7, the one the upstream ruleset requires) answers for jevt.value and
// jevt.rawtime, re-implemented for tests: the json plugin is a Go plugin the project cannot load.
// It parses with valyala/fastjson: structure is validated, string escapes are decoded on access
// and best effort (an unknown escape stays as written), an object member is looked up by its
// first occurrence, and a failed parse means no value for any field, jevt.rawtime included.

export type JsonValue =
  | { kind: 'object'; members: { rawKey: string; key: string; value: JsonValue }[] }
  | { kind: 'array'; items: JsonValue[] }
  | { kind: 'string'; raw: string }
  | { kind: 'literal'; text: string };

class Reader {
  pos = 0;
  constructor(readonly text: string) {}

  fail(what: string): never {
    throw new Error(`${what} at ${this.pos}`);
  }

  skipSpace(): void {
    while (this.pos < this.text.length && ' \t\r\n'.includes(this.text[this.pos]!)) this.pos++;
  }

  value(): JsonValue {
    this.skipSpace();
    const c = this.text[this.pos];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return { kind: 'string', raw: this.rawString() };
    // fastjson takes any run of number characters as a number, and NaN and Inf spellings.
    const m = /^(?:true|false|null|[-+]?(?:inf|nan)|[-+0-9.eE]+)/i.exec(this.text.slice(this.pos));
    if (!m) this.fail('unexpected value');
    this.pos += m[0].length;
    return { kind: 'literal', text: m[0] };
  }

  /** The characters between the quotes, escapes undecoded (fastjson only finds the closing quote). */
  rawString(): string {
    const start = ++this.pos;
    while (this.pos < this.text.length && this.text[this.pos] !== '"') this.pos += this.text[this.pos] === '\\' ? 2 : 1;
    if (this.pos >= this.text.length) this.fail('unterminated string');
    return this.text.slice(start, this.pos++);
  }

  object(): JsonValue {
    const members: { rawKey: string; key: string; value: JsonValue }[] = [];
    this.pos++;
    this.skipSpace();
    if (this.text[this.pos] === '}') return this.pos++, { kind: 'object', members };
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] !== '"') this.fail('expected a member name');
      const rawKey = this.rawString();
      this.skipSpace();
      if (this.text[this.pos++] !== ':') this.fail('expected ":"');
      members.push({ rawKey, key: unescape(rawKey), value: this.value() });
      this.skipSpace();
      const c = this.text[this.pos++];
      if (c === '}') return { kind: 'object', members };
      if (c !== ',') this.fail('expected "," or "}"');
    }
  }

  array(): JsonValue {
    const items: JsonValue[] = [];
    this.pos++;
    this.skipSpace();
    if (this.text[this.pos] === ']') return this.pos++, { kind: 'array', items };
    for (;;) {
      items.push(this.value());
      this.skipSpace();
      const c = this.text[this.pos++];
      if (c === ']') return { kind: 'array', items };
      if (c !== ',') this.fail('expected "," or "]"');
    }
  }
}

const SIMPLE_ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** fastjson's best-effort unescaping: a bad or unknown escape is kept as written. */
function unescape(raw: string): string {
  return raw.replace(/\\(u[0-9a-fA-F]{4}|[\s\S])/g, (whole, e: string) => {
    if (e.length === 5) return String.fromCharCode(parseInt(e.slice(1), 16));
    return SIMPLE_ESCAPES[e] ?? whole;
  });
}

export function parseLikeFastjson(text: string): JsonValue {
  const r = new Reader(text);
  const v = r.value();
  r.skipSpace();
  if (r.pos !== text.length) r.fail('unexpected tail');
  return v;
}

function member(obj: Extract<JsonValue, { kind: 'object' }>, key: string): JsonValue | undefined {
  return (obj.members.find((m) => m.rawKey === key) ?? obj.members.find((m) => m.key === key))?.value;
}

function marshal(v: JsonValue): string {
  switch (v.kind) {
    case 'string':
      return `"${v.raw}"`;
    case 'literal':
      return v.text;
    case 'array':
      return `[${v.items.map(marshal).join(',')}]`;
    case 'object':
      return `{${v.members.map((m) => `"${m.rawKey}":${marshal(m.value)}`).join(',')}}`;
  }
}

/** The value an RFC 6901 pointer designates, found the way fastjson's Get walks. */
export function valueAt(root: JsonValue, pointer: string): JsonValue | undefined {
  let v: JsonValue | undefined = root;
  for (const part of (pointer.startsWith('/') ? pointer.slice(1) : pointer).split('/')) {
    const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
    if (v.kind === 'object') v = member(v, key);
    else if (v.kind === 'array' && /^\d+$/.test(key)) v = v.items[Number(key)];
    else v = undefined;
    if (v === undefined) return undefined;
  }
  return v;
}

/** jevt.value[pointer]: a string's decoded text, other values as JSON text. */
export function jevtValue(root: JsonValue, pointer: string): string | undefined {
  const v = valueAt(root, pointer);
  if (v === undefined) return undefined;
  return v.kind === 'string' ? unescape(v.raw) : marshal(v);
}

/** The json plugin's view of one event: undefined when it cannot parse the data (no field has a value). */
export function jsonPluginFields(data: string, ts: string): ((request: string) => string[] | null) | undefined {
  if (!data.startsWith('{') && !data.startsWith('[')) return undefined;
  let root: JsonValue;
  try {
    root = parseLikeFastjson(data);
  } catch {
    return undefined;
  }
  return (request) => {
    if (request === 'jevt.rawtime' || request === 'json.rawtime') return [ts];
    const m = /^(?:jevt|json)\.value\[(.*)\]$/.exec(request);
    if (!m) throw new Error(`json plugin field not emulated: ${request}`);
    const v = jevtValue(root, m[1]!);
    return v === undefined ? null : [v];
  };
}
