// The raw-preserving JSON parser (spec §1.5, §1.6, §2.3).
import { describe, expect, it } from 'vitest';
import { JsonError, type JsonNode, MAX_DEPTH, compactText, getMember, goQuote, parseJson, stringValue } from '../../../src/audit/json.js';

const member = (text: string, key: string): JsonNode | undefined => getMember(parseJson(text), key);
const S = (text: string): string => stringValue(parseJson(text));

describe('parseJson', () => {
  it('resolves duplicate keys to the first occurrence', () => {
    expect(stringValue(member('{"a":1,"a":2}', 'a')!)).toBe('1');
    expect(compactText(parseJson('{"a":1, "a":2}'))).toBe('{"a":1,"a":2}');
  });

  it('keeps number text', () => {
    for (const n of ['200', '2.0e2', '1.0e3', '12345678901234567890', '-0', '1.50', '1E3']) expect(S(n)).toBe(n);
  });

  it('re-serialises compactly, keeping order, duplicates and escapes', () => {
    const text = '{ "x" : 1 ,\n "y":[ 1.50 , "z \\" \\u0041" ,{ } ,[ ] ], "x":true }';
    expect(compactText(parseJson(text))).toBe('{"x":1,"y":[1.50,"z \\" \\u0041",{},[]],"x":true}');
    expect(compactText(parseJson('{"a":"sp ace"}'))).toBe('{"a":"sp ace"}');
    const noWs = '{"a":[1,{"b":"c"}]}';
    expect(compactText(parseJson(noWs))).toBe(noWs);
  });

  it('S(v) per spec §2.3', () => {
    expect(S('"g\\u00e9t\\"x"')).toBe('gét"x');
    expect(S('true')).toBe('true');
    expect(S('null')).toBe('null');
    expect(S('"true"')).toBe('true');
    expect(S('{"x":1,  "y":[1.50,"z"]}')).toBe('{"x":1,"y":[1.50,"z"]}');
    expect(S('"\\ud83d\\ude80 \\/ \\b\\f\\n\\r\\t \\\\"')).toBe('🚀 / \b\f\n\r\t \\');
  });

  it('decodes bad escapes best effort, as upstream', () => {
    expect(S('"a \\x41 b"')).toBe('a \\x41 b');
    expect(S('"short \\u12"')).toBe('short \\u12');
    expect(S('"lone \\ud800 x"')).toBe('lone \\ud800 x');
    expect(S('"\\ud800\\u0041"')).toBe('\ufffd');
  });

  it('finds members whose names are escaped', () => {
    expect(stringValue(member('{"host\\u004eetwork":true}', 'hostNetwork')!)).toBe('true');
    expect(member('{"ab":1}', 'a')).toBeUndefined();
    expect(member('[1]', 'a')).toBeUndefined();
    expect(member('"s"', 'a')).toBeUndefined();
  });

  it('allows whitespace around the value only', () => {
    expect(parseJson(' \t\r\n{}\n ').kind).toBe('object');
    expect(() => parseJson('{} x')).toThrow(JsonError);
    expect(() => parseJson('')).toThrow(JsonError);
    expect(() => parseJson('   ')).toThrow(JsonError);
  });

  it.each(['{', '{"a"', '{"a":', '{"a":1', '{"a":1,}', '[1,]', "{'a':1}", '-', '"abc', '[1 2]', '{"a" 1}', 'tru', 'nul', 'Infinity', '0x10', '{1:2}', '\ufeff{}'])(
    'rejects %j with a JsonError',
    (text) => {
      expect(() => parseJson(text)).toThrow(JsonError);
    },
  );

  it.each(['NaN', 'nan', 'inf', '-inf', '01', '+1', '.5', '1e', '1.2.3', '"raw\ttab"', '"\\q"'])('accepts upstream leniency %j', (text) => {
    expect(() => parseJson(text)).not.toThrow();
  });

  it(`limits nesting to ${MAX_DEPTH} levels without overflowing the stack`, () => {
    const arrays = (n: number): string => '['.repeat(n) + ']'.repeat(n);
    expect(() => parseJson(arrays(300))).not.toThrow();
    expect(() => parseJson(arrays(301))).toThrow(JsonError);
    expect(() => parseJson('['.repeat(299) + '1' + ']'.repeat(299))).not.toThrow();
    expect(() => parseJson('['.repeat(300) + '1' + ']'.repeat(300))).toThrow(JsonError);
    expect(() => parseJson(arrays(100000))).toThrow(JsonError);
    expect(() => parseJson('{"a":'.repeat(100000))).toThrow(JsonError);
  });

  it('keeps offsets so the source span is the value', () => {
    const root = parseJson('{"a": [1, 2]}');
    const a = getMember(root, 'a')!;
    expect([a.start, a.end, a.src.slice(a.start, a.end)]).toEqual([6, 12, '[1, 2]']);
  });
});

describe('goQuote', () => {
  it('quotes plainly unless special characters need escapes', () => {
    expect(goQuote('Event')).toBe('"Event"');
    expect(goQuote('é')).toBe('"é"');
    expect(goQuote('a"b\\c\n\t\u0001\u007f')).toBe('"a\\"b\\\\c\\n\\t\\x01\\x7f"');
  });
});
