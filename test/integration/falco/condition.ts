// The part of Falco's condition language (libsinsp's filter grammar) that the k8s_audit rules use:
// and / or / not, parentheses, macro references, field checks with =, ==, !=, contains,
// icontains, startswith, endswith, in, intersects, pmatch and exists, quoted and bare values,
// value lists that may name Falco lists. Anything else is a parse error, never a guess.

export interface FieldRef {
  name: string;
  arg?: string;
}

/** A value of a list operand: a literal, or a bare word that may name a Falco list. */
export type ListItem = { literal: string; bare: boolean };

export type Expr =
  | { kind: 'and' | 'or'; items: Expr[] }
  | { kind: 'not'; expr: Expr }
  | { kind: 'macro'; name: string }
  | { kind: 'exists'; field: FieldRef }
  | { kind: 'compare'; field: FieldRef; op: CompareOp; value: string }
  | { kind: 'member'; field: FieldRef; op: ListOp; items: ListItem[] };

export const COMPARE_OPS = ['=', '==', '!=', 'contains', 'icontains', 'startswith', 'endswith'] as const;
export const LIST_OPS = ['in', 'intersects', 'pmatch'] as const;
export type CompareOp = (typeof COMPARE_OPS)[number];
export type ListOp = (typeof LIST_OPS)[number];

const FIELD = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)+/;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*/;
const BARE = /^[^()"'\s=,]+/;
const WORD_OPS = /^(contains|icontains|startswith|endswith|in|intersects|pmatch|exists)(?![A-Za-z0-9_.])/;
const SYMBOL_OPS = /^(==|!=|=)/;
const KEYWORDS = new Set(['and', 'or', 'not']);

class Parser {
  private pos = 0;
  constructor(private readonly text: string) {}

  parse(): Expr {
    const e = this.or();
    this.space();
    if (this.pos !== this.text.length) this.fail('unexpected text');
    return e;
  }

  private fail(what: string): never {
    throw new Error(`condition: ${what} at ${this.pos} in: ${this.text}`);
  }

  private space(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos]!)) this.pos++;
  }

  private rest(): string {
    this.space();
    return this.text.slice(this.pos);
  }

  private keyword(word: string): boolean {
    const m = IDENTIFIER.exec(this.rest());
    if (m?.[0] !== word) return false;
    this.pos += word.length;
    return true;
  }

  private or(): Expr {
    const items = [this.and()];
    while (this.keyword('or')) items.push(this.and());
    return items.length === 1 ? items[0]! : { kind: 'or', items };
  }

  private and(): Expr {
    const items = [this.not()];
    while (this.keyword('and')) items.push(this.not());
    return items.length === 1 ? items[0]! : { kind: 'and', items };
  }

  private not(): Expr {
    if (this.keyword('not')) return { kind: 'not', expr: this.not() };
    return this.primary();
  }

  private primary(): Expr {
    const rest = this.rest();
    if (rest.startsWith('(')) {
      this.pos++;
      const e = this.or();
      if (!this.rest().startsWith(')')) this.fail('expected ")"');
      this.pos++;
      return e;
    }
    const field = FIELD.exec(rest);
    if (field) return this.check(field[0]);
    const id = IDENTIFIER.exec(rest);
    if (id && !KEYWORDS.has(id[0])) {
      this.pos += id[0].length;
      return { kind: 'macro', name: id[0] };
    }
    return this.fail('expected a field, a macro or "("');
  }

  private check(name: string): Expr {
    this.pos += name.length;
    const field: FieldRef = { name };
    if (this.text[this.pos] === '[') {
      const end = this.text.indexOf(']', this.pos);
      if (end < 0) this.fail('unterminated field argument');
      field.arg = this.text.slice(this.pos + 1, end);
      this.pos = end + 1;
    }
    const rest = this.rest();
    const word = WORD_OPS.exec(rest);
    const symbol = SYMBOL_OPS.exec(rest);
    const op = word?.[1] ?? symbol?.[1];
    if (op === undefined) return this.fail(`unsupported or missing operator after ${name}`);
    this.pos += op.length;
    if (op === 'exists') return { kind: 'exists', field };
    if ((LIST_OPS as readonly string[]).includes(op)) return { kind: 'member', field, op: op as ListOp, items: this.list() };
    return { kind: 'compare', field, op: op as CompareOp, value: this.value().literal };
  }

  private list(): ListItem[] {
    if (!this.rest().startsWith('(')) this.fail('expected "(" after a list operator');
    this.pos++;
    const items: ListItem[] = [];
    if (this.rest().startsWith(')')) return this.pos++, items;
    for (;;) {
      items.push(this.value());
      const rest = this.rest();
      this.pos++;
      if (rest.startsWith(')')) return items;
      if (!rest.startsWith(',')) this.fail('expected "," or ")"');
    }
  }

  private value(): ListItem {
    const rest = this.rest();
    const quote = rest[0];
    if (quote === '"' || quote === "'") {
      let out = '';
      let i = 1;
      while (i < rest.length && rest[i] !== quote) {
        if (rest[i] === '\\' && i + 1 < rest.length) i++;
        out += rest[i++];
      }
      if (i >= rest.length) this.fail('unterminated quoted value');
      this.pos += i + 1;
      return { literal: out, bare: false };
    }
    const m = BARE.exec(rest);
    if (!m) return this.fail('expected a value');
    this.pos += m[0].length;
    return { literal: m[0], bare: true };
  }
}

export function parseCondition(text: string): Expr {
  return new Parser(text).parse();
}

/** `name` or `name[arg]`, as the plugin host and Falco outputs write a field request. */
export function fieldRequest(f: FieldRef): string {
  return f.arg === undefined ? f.name : `${f.name}[${f.arg}]`;
}
