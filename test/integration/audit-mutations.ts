// Deterministic mutations of audit events (seeded PRNG) for differential tests: members removed,
// retyped, duplicated, escaped, deeply nested, huge. Events are edited as a tree that keeps what
// JSON.parse would lose (member order, duplicate names, escapes and number text as written).

type Tree = { t: 'obj'; entries: [key: string, value: Tree][] } | { t: 'arr'; items: Tree[] } | { t: 'raw'; text: string };

/** Where a value sits: its container and its position there. */
interface Place {
  parent: Tree & { t: 'obj' | 'arr' };
  at: number;
}

/** mulberry32: small, seeded, the same sequence on every machine. */
export function prng(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) % n) >>> 0;
  };
}

function toTree(v: unknown): Tree {
  if (Array.isArray(v)) return { t: 'arr', items: v.map(toTree) };
  if (typeof v === 'object' && v !== null) return { t: 'obj', entries: Object.entries(v).map(([k, e]) => [JSON.stringify(k), toTree(e)]) };
  return { t: 'raw', text: JSON.stringify(v) };
}

function text(tree: Tree): string {
  if (tree.t === 'raw') return tree.text;
  if (tree.t === 'arr') return '[' + tree.items.map(text).join(',') + ']';
  return '{' + tree.entries.map(([k, v]) => k + ':' + text(v)).join(',') + '}';
}

function places(tree: Tree, out: Place[] = []): Place[] {
  if (tree.t === 'obj') tree.entries.forEach(([, v], at) => (out.push({ parent: tree, at }), places(v, out)));
  if (tree.t === 'arr') tree.items.forEach((v, at) => (out.push({ parent: tree, at }), places(v, out)));
  return out;
}

const get = (p: Place): Tree => (p.parent.t === 'obj' ? p.parent.entries[p.at]![1] : p.parent.items[p.at]!);
const set = (p: Place, v: Tree): void => {
  if (p.parent.t === 'obj') p.parent.entries[p.at]![1] = v;
  else p.parent.items[p.at] = v;
};
const keyOf = (p: Place): string | undefined => (p.parent.t === 'obj' ? (JSON.parse(p.parent.entries[p.at]![0]) as string) : undefined);

// Member names the ka.* fields read: mutations aim at them more often than chance would.
const FIELD_MEMBERS = new Set(
  ('auditID stage annotations user username groups impersonatedUser verb requestURI objectRef name namespace resource ' +
    'subresource responseObject metadata requestObject subjects kind roleRef data spec hostIPC hostNetwork hostPID ' +
    'securityContext runAsUser runAsGroup fsGroup supplementalGroups containers initContainers ephemeralContainers image ' +
    'command args privileged allowPrivilegeEscalation readOnlyRootFilesystem procMount capabilities add ports hostPort ' +
    'containerPort volumes hostPath path flexVolume driver rules apiGroups nonResourceURLs verbs resources type ' +
    'responseStatus code reason userAgent sourceIPs').split(' '),
);

// One of each JSON type, and number texts JSON.parse would not keep.
const RETYPED = ['"x"', '""', '"42"', '"true"', '0', '-1', '1.50', '1e3', '-0', '12345678901234567890', '{}', '{"name":"n","image":"i:1"}', '[]', '["a",1,null,{}]', 'null', 'true', 'false'];

const hex4 = (c: number): string => c.toString(16).padStart(4, '0');

/** `s` as a JSON string with some characters escaped: \uXXXX, \/, surrogate pairs, short escapes. */
function escaped(s: string, rand: (n: number) => number): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    const r = rand(4);
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (ch === '/' && r < 2) out += '\\/';
    else if (c > 0xffff) out += [...ch].map((u) => '\\u' + u.charCodeAt(0).toString(16).padStart(4, '0')).join('');
    else if (c < 0x20 || r === 0) out += '\\u' + (rand(2) ? hex4(c) : hex4(c).toUpperCase());
    else out += ch;
  }
  return out + '"';
}

const ODD_STRINGS = ['😀 and é', 'a\u0000b', 'tab\there', 'new\nline', 'q"uote\\', '/etc/passwd', 'docker.io/library/nginx:1.2@sha256:ab', 'x?command=ls&command=rm'];

function mutateOnce(tree: Tree, rand: (n: number) => number): void {
  const all = places(tree);
  if (all.length === 0) return;
  const aimed = all.filter((p) => FIELD_MEMBERS.has(keyOf(p) ?? ''));
  const pool = aimed.length > 0 && rand(10) < 7 ? aimed : all;
  const p = pool[rand(pool.length)]!;
  const v = get(p);
  switch (rand(8)) {
    case 0: // removed
      if (p.parent.t === 'obj') p.parent.entries.splice(p.at, 1);
      else p.parent.items.splice(p.at, 1);
      return;
    case 1: // retyped; a JSON-patch (array) requestObject crashes upstream: kept an object
      if (keyOf(p) === 'requestObject') set(p, { t: 'raw', text: RETYPED[rand(2)]! });
      else set(p, { t: 'raw', text: RETYPED[rand(RETYPED.length)]! });
      return;
    case 2: // duplicated member name: the first occurrence wins
      if (p.parent.t === 'obj') {
        const [k, value] = p.parent.entries[p.at]!;
        const other: Tree = { t: 'raw', text: RETYPED[rand(RETYPED.length)]! };
        if (keyOf(p) === 'requestObject') p.parent.entries.splice(p.at + 1, 0, [k, other]);
        else p.parent.entries.splice(p.at + rand(2), 0, rand(2) ? [k, other] : [k, value]);
      } else {
        p.parent.items.splice(p.at, 0, v);
      }
      return;
    case 3: // escapes in the value (strings) or in the member name
      if (v.t === 'raw' && v.text.startsWith('"')) set(p, { t: 'raw', text: escaped(JSON.parse(v.text) as string, rand) });
      else if (p.parent.t === 'obj') p.parent.entries[p.at]![0] = escaped(keyOf(p)!, rand);
      return;
    case 4: // odd characters
      set(p, { t: 'raw', text: rand(2) ? JSON.stringify(ODD_STRINGS[rand(ODD_STRINGS.length)]) : escaped(ODD_STRINGS[rand(ODD_STRINGS.length)]!, rand) });
      return;
    case 5: {
      // deep nesting around the value (the event stays within upstream's 300 levels)
      const depth = 1 + rand(200);
      let nested = v;
      for (let i = 0; i < depth; i++) nested = rand(2) ? { t: 'arr', items: [nested] } : { t: 'obj', entries: [[rand(2) ? '"name"' : '"a"', nested]] };
      set(p, nested);
      return;
    }
    case 6: // a huge string (the line stays under upstream's 64 KiB line limit)
      set(p, { t: 'raw', text: JSON.stringify('h'.repeat(1000 + rand(40_000))) });
      return;
    default: {
      // a huge array of strings, numbers or container-like objects
      const kind = rand(3);
      const n = 100 + rand(kind === 2 ? 500 : 2000);
      const items = Array.from({ length: n }, (_, i): Tree => ({
        t: 'raw',
        text: kind === 0 ? JSON.stringify(`v${i}`) : kind === 1 ? String(i) : `{"name":"c${i}","image":"r/i:${i}","securityContext":{"privileged":${i % 2 === 0}}}`,
      }));
      set(p, { t: 'arr', items });
    }
  }
}

/** Upstream reads lines with a 64 KiB buffer and ends the stream on a longer one (a README deviation). */
const MAX_LINE_BYTES = 64 * 1024 - 1;

/**
 * `count` mutated events made from `bases` (compact JSON objects): each gets a fresh auditID
 * first (so it can be told apart), then 1 to 3 mutations, which may remove or retype it. A
 * result longer than upstream's line limit is drawn again.
 */
export function mutatedEvents(bases: readonly string[], count: number, seed: number): string[] {
  const rand = prng(seed);
  const out: string[] = [];
  while (out.length < count) {
    const base = JSON.parse(bases[rand(bases.length)]!) as Record<string, unknown>;
    const tree = toTree({ ...base, auditID: `mut-${seed}-${out.length}` });
    for (let m = 1 + rand(3); m > 0; m--) mutateOnce(tree, rand);
    const line = text(tree);
    if (Buffer.byteLength(line) <= MAX_LINE_BYTES) out.push(line);
  }
  return out;
}
