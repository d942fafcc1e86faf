// Evaluates an expanded condition tree on one event the way libsinsp compares extracted values:
// a field without a value makes every check on it false (`!=` too; `not` then makes it true);
// a list field only supports exists, in (every value in the set) and intersects (any value in the
// set); a scalar field must give one value. Values come from a lookup (the real plugin's answers).
import { type Expr, type FieldRef, fieldRequest } from './condition.js';
import { type Ruleset, expandItems } from './ruleset.js';

/** The values of a field request for one event, or null when the field has no value. */
export type FieldLookup = (request: string) => string[] | null;

export interface FieldKinds {
  isList(name: string): boolean;
}

export class Evaluator {
  constructor(
    private readonly rs: Ruleset,
    private readonly kinds: FieldKinds,
  ) {}

  eval(e: Expr, lookup: FieldLookup): boolean {
    switch (e.kind) {
      case 'and':
        return e.items.every((x) => this.eval(x, lookup));
      case 'or':
        return e.items.some((x) => this.eval(x, lookup));
      case 'not':
        return !this.eval(e.expr, lookup);
      case 'macro':
        throw new Error(`unexpanded macro ${e.name}`);
      case 'exists':
        return this.values(e.field, lookup) !== null;
      case 'member': {
        const values = this.values(e.field, lookup);
        if (values === null) return false;
        const set = new Set(expandItems(this.rs, e.items));
        if (this.kinds.isList(e.field.name)) {
          if (e.op === 'in') return values.every((v) => set.has(v));
          if (e.op === 'intersects') return values.some((v) => set.has(v));
          throw new Error(`list field ${e.field.name} only supports exists, in and intersects`);
        }
        const v = this.scalar(e.field, values);
        if (e.op === 'pmatch') return [...set].some((p) => v === p || v.startsWith(p.endsWith('/') ? p : `${p}/`));
        return set.has(v);
      }
      case 'compare': {
        const values = this.values(e.field, lookup);
        if (values === null) return false;
        if (this.kinds.isList(e.field.name)) throw new Error(`list field ${e.field.name} only supports exists, in and intersects`);
        const v = this.scalar(e.field, values);
        switch (e.op) {
          case '=':
          case '==':
            return v === e.value;
          case '!=':
            return v !== e.value;
          case 'contains':
            return v.includes(e.value);
          case 'icontains':
            return v.toLowerCase().includes(e.value.toLowerCase());
          case 'startswith':
            return v.startsWith(e.value);
          case 'endswith':
            return v.endsWith(e.value);
        }
      }
    }
  }

  private values(f: FieldRef, lookup: FieldLookup): string[] | null {
    const v = lookup(fieldRequest(f));
    return v === null || v.length === 0 ? null : v;
  }

  private scalar(f: FieldRef, values: string[]): string {
    if (values.length !== 1) throw new Error(`non-list field ${fieldRequest(f)} gave ${values.length} values`);
    return values[0]!;
  }
}

/** Every field request a condition tree reads (for the plugin host's --fields-file). */
export function fieldRequests(e: Expr, out: Set<string> = new Set()): Set<string> {
  switch (e.kind) {
    case 'and':
    case 'or':
      e.items.forEach((x) => fieldRequests(x, out));
      break;
    case 'not':
      fieldRequests(e.expr, out);
      break;
    case 'macro':
      break;
    default:
      out.add(fieldRequest(e.field));
  }
  return out;
}
