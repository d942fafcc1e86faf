// The rules evaluator the MKS rule tests rely on must fail when it should: bad syntax, unknown
// macros, lists and fields, operators libsinsp refuses, overrides of missing items, and a wrong
// macro replacement or a too broad detection must show up as a difference.
import { beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FIXTURES } from './host.js';
import { parseCondition } from './falco/condition.js';
import { MKS_OVERLAY, UPSTREAM_RULES, mksFixtures, writeLines } from './falco/corpora.js';
import { Evaluator, type FieldKinds, type FieldLookup, fieldRequests } from './falco/evaluate.js';
import { evaluatedEvents, fieldKinds, pluginFields } from './falco/event-fields.js';
import { jsonPluginFields } from './falco/json-plugin.js';
import { compileRule, expandMacros, loadRulesFiles } from './falco/ruleset.js';

const LISTS: FieldKinds = { isList: (name) => name === 'ka.user.groups' };
const empty = loadRulesFiles([]);

function lookup(values: Record<string, string[]>): FieldLookup {
  return (request) => values[request] ?? null;
}

function evalText(cond: string, values: Record<string, string[]>): boolean {
  return new Evaluator(empty, LISTS).eval(parseCondition(cond), lookup(values));
}

let tmp: string;

function rulesFile(name: string, text: string): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, text);
  return file;
}

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'k8saudit-evaluator-'));
});

describe('condition parser', () => {
  it.each([
    ['ka.verb glob "*"', /unsupported or missing operator/],
    ['(ka.verb=get', /expected "\)"/],
    ['ka.verb=get)', /unexpected text/],
    ['ka.verb in (get, list', /expected "," or "\)"/],
    ['ka.verb=', /expected a value/],
    ['ka.uri.param[command', /unterminated field argument/],
    ['and ka.verb=get', /expected a field, a macro or "\("/],
  ])('rejects %s', (text, error) => {
    expect(() => parseCondition(text)).toThrow(error);
  });

  it('reads quoted values, bare values with slashes and colons, and arguments', () => {
    expect(parseCondition('ka.uri.param[command]="a b" and ka.user.name startswith system:node: and ka.uri startswith /healthz?')).toEqual({
      kind: 'and',
      items: [
        { kind: 'compare', field: { name: 'ka.uri.param', arg: 'command' }, op: '=', value: 'a b' },
        { kind: 'compare', field: { name: 'ka.user.name' }, op: 'startswith', value: 'system:node:' },
        { kind: 'compare', field: { name: 'ka.uri' }, op: 'startswith', value: '/healthz?' },
      ],
    });
  });
});

describe('evaluation as libsinsp compares values', () => {
  it('makes every check on a field without a value false, != included', () => {
    expect(evalText('ka.target.namespace!=kube-system', {})).toBe(false);
    expect(evalText('not ka.target.namespace!=kube-system', {})).toBe(true);
    expect(evalText('ka.target.namespace exists', {})).toBe(false);
    expect(evalText('ka.target.namespace!=kube-system', { 'ka.target.namespace': ['default'] })).toBe(true);
  });

  it('takes in on a list field as every value in the set, intersects as any', () => {
    const groups = { 'ka.user.groups': ['system:masters', 'system:authenticated'] };
    expect(evalText('ka.user.groups in (system:masters)', groups)).toBe(false);
    expect(evalText('ka.user.groups in (system:masters, system:authenticated, x)', groups)).toBe(true);
    expect(evalText('ka.user.groups intersects (system:masters)', groups)).toBe(true);
  });

  it('refuses what libsinsp refuses: = on a list field, several values from a scalar field', () => {
    expect(() => evalText('ka.user.groups=system:masters', { 'ka.user.groups': ['a'] })).toThrow(/only supports exists, in and intersects/);
    expect(() => evalText('ka.verb=get', { 'ka.verb': ['get', 'list'] })).toThrow(/gave 2 values/);
  });

  it('knows only the fields the plugin reports', async () => {
    const kinds = fieldKinds(await pluginFields());
    expect(kinds.isList('ka.user.groups')).toBe(true);
    expect(kinds.isList('ka.user.name')).toBe(false);
    expect(() => kinds.isList('ka.user.nam')).toThrow(/not one the plugin reports/);
  });

  it('gives no json plugin value on data fastjson cannot parse', () => {
    expect(jsonPluginFields('{"stage":"ResponseComplete"', '1')).toBeUndefined();
    expect(jsonPluginFields('{"stage":"Response\\x41"}', '7')!('jevt.value[/stage]')).toEqual(['Response\\x41']);
    expect(jsonPluginFields('{"stage":1,"stage":"x"}', '7')!('jevt.value[/stage]')).toEqual(['1']);
    expect(jsonPluginFields('{}', '7')!('jevt.rawtime')).toEqual(['7']);
  });
});

describe('rules loading', () => {
  it('refuses an override of a macro, list or rule that is not defined before', () => {
    for (const [kind, extra] of [
      ['macro', 'condition: ka.verb=get\n  override:\n    condition: replace'],
      ['list', 'items: [a]\n  override:\n    items: append'],
      ['rule', 'condition: and ka.verb=get\n  override:\n    condition: append'],
    ]) {
      const file = rulesFile(`missing-${kind}.yaml`, `- ${kind}: no_such_thing\n  ${extra}\n`);
      expect(() => loadRulesFiles([UPSTREAM_RULES, file]), kind).toThrow(/no .* by that name exists/);
    }
  });

  it('refuses to append fields to an existing exception, and a new exception without values', () => {
    const base = '- rule: r\n  desc: d\n  condition: ka.verb=get\n  output: o\n  priority: INFO\n  source: k8s_audit\n  exceptions:\n    - name: e\n      fields: [ka.user.name]\n      values: [[a]]\n';
    const addFields = `${base}- rule: r\n  exceptions:\n    - name: e\n      fields: [ka.verb]\n      values: [[b]]\n  override:\n    exceptions: append\n`;
    expect(() => loadRulesFiles([rulesFile('fields.yaml', addFields)])).toThrow(/can only append values/);
    const noValues = `${base}- rule: r\n  exceptions:\n    - name: f\n      fields: [ka.verb]\n  override:\n    exceptions: append\n`;
    expect(() => loadRulesFiles([rulesFile('novalues.yaml', noValues)])).toThrow(/needs fields and values/);
  });

  it('refuses undefined and self-referring macros', () => {
    const rs = loadRulesFiles([rulesFile('macros.yaml', '- macro: a\n  condition: b\n- macro: c\n  condition: c and ka.verb=get\n')]);
    expect(() => expandMacros(rs, parseCondition('a'))).toThrow(/undefined macro b/);
    expect(() => expandMacros(rs, parseCondition('c'))).toThrow(/refers to itself/);
  });
});

describe('the MKS checks can fail', () => {
  it('a wrong kevt replacement disagrees with upstream on the audit fixtures', async () => {
    const broken = fs.readFileSync(MKS_OVERLAY, 'utf8').replace('(ka.stage in (k8s_audit_stages))', '(ka.stage in (ResponseStarted))');
    const upstream = loadRulesFiles([UPSTREAM_RULES]);
    const wrong = loadRulesFiles([UPSTREAM_RULES, rulesFile('broken-overlay.yaml', broken)]);
    const kinds = fieldKinds(await pluginFields());
    const lines = fs.readdirSync(path.join(FIXTURES, 'audit')).map((f) => fs.readFileSync(path.join(FIXTURES, 'audit', f), 'utf8').trim());
    const events = await evaluatedEvents(writeLines(tmp, 'audit', lines), ['ka.stage']);
    const before = expandMacros(upstream, parseCondition('kevt'));
    const after = expandMacros(wrong, parseCondition('kevt'));
    const differ = events.filter((ev) => new Evaluator(upstream, kinds).eval(before, ev.lookup) !== new Evaluator(wrong, kinds).eval(after, ev.lookup));
    expect(differ.length).toBe(events.length);
  });

  it('a node pool rule without its API group check fires on the Karpenter fixture', async () => {
    const broad = fs.readFileSync(MKS_OVERLAY, 'utf8').replace(' and ka.uri startswith /apis/kube.cloud.ovh.com/', '');
    const rs = loadRulesFiles([UPSTREAM_RULES, rulesFile('broad-overlay.yaml', broad)]);
    const rule = compileRule(rs, rs.rules.get('MKS NodePool Changed Outside OVHcloud')!);
    const kinds = fieldKinds(await pluginFields());
    const [ev] = await evaluatedEvents(mksFixtures().get('admin_patches_karpenter_nodepool')!, fieldRequests(rule));
    expect(new Evaluator(rs, kinds).eval(rule, ev!.lookup)).toBe(true);
  });
});
