// Loads Falco rules files in order the way Falco's rule loader combines them: definitions,
// `override:` append/replace of list items, macro conditions and rule keys, legacy `append: true`,
// exceptions appended to a rule. An override of something not defined before is an error, as in
// Falco. Rules are then compiled to condition trees with macros, lists and exceptions expanded.
import * as fs from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { type Expr, type ListItem, parseCondition } from './condition.js';

type ExceptionValue = string | string[];

export interface ExceptionDef {
  name: string;
  fields?: string | string[];
  comps?: string | string[];
  values?: ExceptionValue[] | ExceptionValue[][];
}

export interface RuleDef {
  name: string;
  condition: string;
  output: string;
  priority: string;
  source: string;
  enabled: boolean;
  exceptions: ExceptionDef[];
  /** The files that defined or overrode this rule, in load order. */
  files: string[];
}

export interface PluginRequirement {
  name: string;
  version: string;
  alternatives?: { name: string; version: string }[];
}

export interface Ruleset {
  lists: Map<string, string[]>;
  macros: Map<string, string>;
  rules: Map<string, RuleDef>;
  engineVersions: string[];
  pluginRequirements: PluginRequirement[][];
}

type Item = Record<string, unknown>;

function overrideOf(item: Item, key: string): 'append' | 'replace' | undefined {
  const o = item['override'] as Record<string, string> | undefined;
  if (o === undefined) return item['append'] === true ? 'append' : undefined;
  if (item['append'] !== undefined) throw new Error(`${String(item['rule'] ?? item['macro'] ?? item['list'])}: append and override together`);
  const how = o[key];
  if (how !== undefined && how !== 'append' && how !== 'replace') throw new Error(`bad override ${key}: ${how}`);
  return how;
}

function loadList(rs: Ruleset, item: Item): void {
  const name = item['list'] as string;
  const items = ((item['items'] as unknown[]) ?? []).map(String);
  const how = overrideOf(item, 'items');
  if (how !== undefined && !rs.lists.has(name)) throw new Error(`list ${name}: ${how} but no list by that name exists`);
  rs.lists.set(name, how === 'append' ? [...rs.lists.get(name)!, ...items] : items);
}

function loadMacro(rs: Ruleset, item: Item): void {
  const name = item['macro'] as string;
  const cond = String(item['condition']);
  const how = overrideOf(item, 'condition');
  if (how !== undefined && !rs.macros.has(name)) throw new Error(`macro ${name}: ${how} but no macro by that name exists`);
  rs.macros.set(name, how === 'append' ? `${rs.macros.get(name)!} ${cond}` : cond);
}

function mergeExceptions(prev: ExceptionDef[], added: ExceptionDef[], rule: string): ExceptionDef[] {
  const out = prev.map((e) => ({ ...e, values: [...(e.values ?? [])] }) as ExceptionDef);
  for (const ex of added) {
    const old = out.find((e) => e.name === ex.name);
    if (old === undefined) {
      if (ex.fields === undefined || ex.values === undefined) throw new Error(`rule ${rule}: new exception ${ex.name} needs fields and values`);
      out.push(ex);
    } else {
      if (ex.fields !== undefined || ex.comps !== undefined) throw new Error(`rule ${rule}: can only append values to exception ${ex.name}`);
      (old.values as unknown[]).push(...((ex.values ?? []) as unknown[]));
    }
  }
  return out;
}

function loadRule(rs: Ruleset, item: Item, file: string): void {
  const name = item['rule'] as string;
  const prev = rs.rules.get(name);
  const overrides = item['override'] as Record<string, string> | undefined;
  if (overrides !== undefined || item['append'] === true) {
    if (prev === undefined) throw new Error(`rule ${name}: override but no rule by that name exists`);
    const keys = overrides ?? { condition: 'append', exceptions: 'append' };
    for (const [key, how] of Object.entries(keys)) {
      if (item[key] === undefined) throw new Error(`rule ${name}: override of ${key} without a ${key}`);
      const val = item[key];
      if (key === 'condition' || key === 'output') prev[key] = how === 'append' ? `${prev[key]} ${String(val)}` : String(val);
      else if (key === 'exceptions') prev.exceptions = how === 'append' ? mergeExceptions(prev.exceptions, val as ExceptionDef[], name) : (val as ExceptionDef[]);
      else if (key === 'enabled') prev.enabled = val === true;
      else if (key === 'priority') prev.priority = String(val);
      else if (!['desc', 'tags'].includes(key)) throw new Error(`rule ${name}: cannot override ${key}`);
    }
    prev.files.push(file);
    return;
  }
  if (Object.keys(item).length === 2 && item['enabled'] !== undefined && prev !== undefined) {
    prev.enabled = item['enabled'] === true;
    return;
  }
  for (const key of ['condition', 'output', 'priority', 'desc']) {
    if (item[key] === undefined) throw new Error(`rule ${name}: missing ${key}`);
  }
  rs.rules.set(name, {
    name,
    condition: String(item['condition']),
    output: String(item['output']),
    priority: String(item['priority']),
    source: String(item['source'] ?? 'syscall'),
    enabled: item['enabled'] !== false,
    exceptions: mergeExceptions([], (item['exceptions'] as ExceptionDef[] | undefined) ?? [], name),
    files: [file],
  });
}

export function loadRulesFiles(files: string[]): Ruleset {
  const rs: Ruleset = { lists: new Map(), macros: new Map(), rules: new Map(), engineVersions: [], pluginRequirements: [] };
  for (const file of files) {
    const items = parseYaml(fs.readFileSync(file, 'utf8')) as Item[];
    for (const item of items) {
      if ('list' in item) loadList(rs, item);
      else if ('macro' in item) loadMacro(rs, item);
      else if ('rule' in item) loadRule(rs, item, file);
      else if ('required_engine_version' in item) rs.engineVersions.push(String(item['required_engine_version']));
      else if ('required_plugin_versions' in item) rs.pluginRequirements.push(item['required_plugin_versions'] as PluginRequirement[]);
      else throw new Error(`${file}: unknown item ${JSON.stringify(Object.keys(item))}`);
    }
  }
  return rs;
}

/** A list operand with Falco lists expanded (recursively) and surrounding quotes of items removed. */
export function expandItems(rs: Ruleset, items: ListItem[], seen: string[] = []): string[] {
  const out: string[] = [];
  for (const it of items) {
    const list = it.bare ? rs.lists.get(it.literal) : undefined;
    if (list === undefined) {
      out.push(it.literal);
      continue;
    }
    if (seen.includes(it.literal)) throw new Error(`list ${it.literal} refers to itself`);
    const sub = list.map((s) => (/^".*"$/.test(s) ? { literal: s.slice(1, -1), bare: false } : { literal: s, bare: true }));
    out.push(...expandItems(rs, sub, [...seen, it.literal]));
  }
  return out;
}

/** The condition of a macro or rule with every macro reference replaced by its (expanded) tree. */
export function expandMacros(rs: Ruleset, e: Expr, stack: string[] = []): Expr {
  switch (e.kind) {
    case 'and':
    case 'or':
      return { kind: e.kind, items: e.items.map((x) => expandMacros(rs, x, stack)) };
    case 'not':
      return { kind: 'not', expr: expandMacros(rs, e.expr, stack) };
    case 'macro': {
      const cond = rs.macros.get(e.name);
      if (cond === undefined) throw new Error(`undefined macro ${e.name}`);
      if (stack.includes(e.name)) throw new Error(`macro ${e.name} refers to itself`);
      return expandMacros(rs, parseCondition(cond), [...stack, e.name]);
    }
    default:
      return e;
  }
}

function exceptionExpr(ex: ExceptionDef): Expr | undefined {
  const values = ex.values ?? [];
  if (values.length === 0) return undefined;
  const quoted = (v: string): string => JSON.stringify(v);
  const operand = (comp: string, v: ExceptionValue): string =>
    ['in', 'intersects', 'pmatch'].includes(comp)
      ? `(${(Array.isArray(v) ? v : [v]).map((x) => (/^[^()"'\s=,]+$/.test(x) ? x : quoted(x))).join(', ')})`
      : quoted(String(v));
  if (!Array.isArray(ex.fields)) {
    const comp = typeof ex.comps === 'string' ? ex.comps : 'in';
    return parseCondition(`${ex.fields} ${comp} ${operand(comp, values as string[])}`);
  }
  const fields = ex.fields;
  const comps = Array.isArray(ex.comps) ? ex.comps : fields.map(() => '=');
  if (comps.length !== fields.length) throw new Error(`exception ${ex.name}: fields and comps differ in length`);
  const alternatives = (values as ExceptionValue[][]).map((tuple) => {
    if (tuple.length !== fields.length) throw new Error(`exception ${ex.name}: a value tuple does not match its fields`);
    return `(${fields.map((f, i) => `${f} ${comps[i]} ${operand(comps[i]!, tuple[i]!)}`).join(' and ')})`;
  });
  return parseCondition(alternatives.join(' or '));
}

/** A rule's condition as Falco compiles it: `(condition) and not (exception) ...`, macros expanded. */
export function compileRule(rs: Ruleset, rule: RuleDef): Expr {
  const items: Expr[] = [parseCondition(rule.condition)];
  for (const ex of rule.exceptions) {
    const e = exceptionExpr(ex);
    if (e !== undefined) items.push({ kind: 'not', expr: e });
  }
  return expandMacros(rs, items.length === 1 ? items[0]! : { kind: 'and', items });
}
