// ka.uri.param's URL handling (Go net/url rules, spec §2.8) beyond the E27–E45 vectors.
import { describe, expect, it } from 'vitest';
import { UriError, uriQueryParam } from '../../../src/audit/uri.js';

const q = (uri: string, key: string): string | undefined | 'ERR' => {
  try {
    return uriQueryParam(uri, key);
  } catch (e) {
    expect(e).toBeInstanceOf(UriError);
    return 'ERR';
  }
};

describe('uriQueryParam', () => {
  it.each([
    ['/api/v1/namespaces/default/pods/p/exec?command=sh&command=-c&container=c&stdin=true', 'command', 'sh'],
    ['/api/v1/namespaces/default/pods/p/exec?command=sh&command=-c&container=c&stdin=true', 'container', 'c'],
    ['/p?cmd=%E2%9C%93', 'cmd', '✓'],
    ['/p?cmd=%C3', 'cmd', '\ufffd'],
    ['/p?é=ü', 'é', 'ü'],
    ['/p?a=b=c', 'a', 'b=c'],
    ['/p?', 'a', undefined],
    ['*', 'a', undefined],
    ['', 'a', undefined],
    ['null', 'a', undefined],
    ['https://user:pw@h.example:6443/p?x=1', 'x', '1'],
    ['https://[::1]:6443/p?x=1', 'x', '1'],
    ['//h/p?x=1', 'x', '1'],
    ['///p?x=1', 'x', '1'],
    ['mailto:a@b?x=1', 'x', '1'],
    ['/p#%zz?x=1', 'x', 'ERR'],
    ['/p#ok?x=1', 'x', undefined],
    ['https://h:port/p?x=1', 'x', 'ERR'],
    ['https://h h/p?x=1', 'x', 'ERR'],
    ['https://h%41/p?x=1', 'x', 'ERR'],
    ['https://[::1/p?x=1', 'x', 'ERR'],
    ['https://us er@h/p?x=1', 'x', 'ERR'],
    [':foo?watch=true', 'watch', 'ERR'],
    ['/p\u007f?x=1', 'x', 'ERR'],
    ['/p?x=1&y=2;z', 'x', 'ERR'],
    ['/p?%zz=1&x=2', 'x', 'ERR'],
  ])('%j [%s]', (uri, key, want) => {
    expect(q(uri, key)).toBe(want);
  });

  it('gives Go-style error messages', () => {
    expect(() => uriQueryParam(':foo?watch=true', 'watch')).toThrow('parse ":foo?watch=true": missing protocol scheme');
    expect(() => uriQueryParam('/p?a=%zz', 'a')).toThrow('invalid URL escape "%zz"');
    expect(() => uriQueryParam('/p\t?a=1', 'a')).toThrow('net/url: invalid control character in URL');
    expect(() => uriQueryParam('/p?a=1;b', 'a')).toThrow('invalid semicolon separator in query');
  });

  it('does not reuse a result for another URI', () => {
    expect(q('/p?x=1', 'x')).toBe('1');
    expect(q('/p?x=2', 'x')).toBe('2');
    expect(q('/p?x=%zz', 'x')).toBe('ERR');
    expect(q('/p?x=3', 'x')).toBe('3');
  });

  // Plain path URIs are read in place: the same answers as the full parse, whose rules they meet.
  it.each([
    ['/api?x=1&x=2', 'x', '1'],
    ['/api?a&b=', 'a', ''],
    ['/api?a&b=', 'b', ''],
    ['/api?=v', '', 'v'],
    ['/api?&&x=1&', 'x', '1'],
    ['/api', 'x', undefined],
    ['/api?', 'x', undefined],
    ['/a?b=c=d', 'b', 'c=d'],
    ['/a?bb=1&b=2', 'b', '2'],
    ['/a?b=1', 'bb', undefined],
    ['/a/b:c?x=1', 'x', '1'],
    ['/a?x=é&y', 'x', 'é'],
    ['/a?x=1+2', 'x', '1 2'],
    ['/a?x=1%202', 'x', '1 2'],
    ['//h/a?x=1', 'x', '1'],
  ])('plain path %j [%s]', (uri, key, want) => {
    expect(q(uri, key)).toBe(want);
  });
});

