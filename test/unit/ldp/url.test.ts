import { describe, expect, it } from 'vitest';
import { isLoopbackHost, parseLdpOpenParams } from '../../../src/sources/ldp/url.js';
import { getQueryParam, parseUnixSeconds, queryParams, setQueryParam } from '../../../src/util/url-query.js';
import { makeRedactor, redactSecrets } from '../../../src/util/redact.js';
import { LdpSource } from '../../../src/sources/ldp/ldp-source.js';
import { FAST, MemorySink, TOKEN } from './helpers.js';
import { errorOf } from '../support/error-of.js';

describe('LDP open params', () => {
  it('accepts the upstream form without scheme (wss implied), token verbatim', () => {
    const ep = parseLdpOpenParams(`gra1.logs.ovh.com/tail/?tk=${TOKEN}`);
    expect(ep.url).toBe(`wss://gra1.logs.ovh.com/tail/?tk=${TOKEN}`);
    expect(ep.secure).toBe(true);
    expect(ep.hostname).toBe('gra1.logs.ovh.com');
    expect(ep.port).toBe(443);
    expect(ep.token).toBe(TOKEN); // '+' stays '+', no unescape round trip
    expect(ep.redactedUrl).toBe('wss://gra1.logs.ovh.com/tail/?tk=***');
  });

  it('accepts full wss:// URLs, with port and surrounding whitespace', () => {
    const ep = parseLdpOpenParams(`  wss://gra2.logs.ovh.com:443/tail/?tk=${TOKEN}&begin=10 \n`);
    expect(ep.url).toBe(`wss://gra2.logs.ovh.com:443/tail/?tk=${TOKEN}&begin=10`);
    expect(ep.redactedUrl).toBe('wss://gra2.logs.ovh.com:443/tail/?tk=***&begin=10');
    expect(parseLdpOpenParams(`wss://gra2.logs.ovh.com:8443/tail/?tk=${TOKEN}`).port).toBe(8443);
    expect(parseLdpOpenParams(`ws://127.0.0.1/tail/?tk=${TOKEN}`).port).toBe(80);
    expect(parseLdpOpenParams(`WSS://gra2.logs.ovh.com/tail/?tk=${TOKEN}`).url).toBe(`wss://gra2.logs.ovh.com/tail/?tk=${TOKEN}`);
  });

  it('keeps percent-escapes of the token as written', () => {
    expect(parseLdpOpenParams('gra1.logs.ovh.com/tail/?tk=a%2Bb').token).toBe('a%2Bb');
  });

  it('allows ws:// only for loopback hosts', () => {
    for (const host of ['127.0.0.1:8080', '127.1.2.3', 'localhost:9', '[::1]:9']) {
      expect(parseLdpOpenParams(`ws://${host}/tail/?tk=${TOKEN}`).secure).toBe(false);
    }
    for (const host of ['gra1.logs.ovh.com', '10.0.0.1', '128.0.0.1', 'localhost.example.com']) {
      const msg = errorOf(() => parseLdpOpenParams(`ws://${host}/tail/?tk=${TOKEN}`));
      expect(msg).toMatch(/only allowed for loopback/);
      expect(msg).not.toContain(TOKEN);
    }
    expect(isLoopbackHost('127.255.255.254')).toBe(true);
    expect(isLoopbackHost('[::1]')).toBe(true);
    expect(isLoopbackHost('[::2]')).toBe(false);
  });

  it('rejects empty and malformed params with clear, redacted errors', () => {
    const cases: [string, RegExp][] = [
      ['', /empty/],
      ['   ', /empty/],
      [`https://gra1.logs.ovh.com/tail/?tk=${TOKEN}`, /unsupported scheme "https:\/\/"/],
      [`wss://wss://gra1.logs.ovh.com/tail/?tk=${TOKEN}`, /scheme twice/],
      [`gra1.logs.ovh.com/tail/?tk=${TOKEN} x`, /whitespace/],
      ['gra1.logs.ovh.com/tail/', /no tk= token/],
      ['gra1.logs.ovh.com/tail/?tk=', /no tk= token/],
      [`gra1.logs.ovh.com/tail/?tk=${TOKEN}#frag`, /fragment/],
      [`user:pw@gra1.logs.ovh.com/tail/?tk=${TOKEN}`, /credentials/],
      [`user:${TOKEN}@gra1.logs.ovh.com/tail/?tk=${TOKEN}`, /malformed/],
      [`gra1.logs.ovh.com:99999/tail/?tk=${TOKEN}`, /malformed/],
    ];
    for (const [input, pattern] of cases) {
      const msg = errorOf(() => parseLdpOpenParams(input));
      expect(msg, input).toMatch(pattern);
      expect(msg, input).not.toContain(TOKEN);
      expect(msg, input).not.toContain('Sekr3t');
    }
  });

  it('the source constructor throws the same clear errors', () => {
    const sink = new MemorySink();
    expect(() => new LdpSource('', FAST, sink)).toThrow(/empty/);
    expect(() => new LdpSource(`ws://10.1.1.1/tail/?tk=${TOKEN}`, FAST, sink)).toThrow(/loopback/);
    expect(() => new LdpSource(`ws://127.0.0.1/tail/?tk=${TOKEN}`, { ...FAST, caFile: '/nonexistent/ca.pem' }, sink)).toThrow(
      /caFile "\/nonexistent\/ca.pem" cannot be read/,
    );
    expect(sink.logs).toEqual([]);
  });

  it('adds or replaces query parameters without touching the token', () => {
    const url = `wss://h/tail/?tk=${TOKEN}&begin=1&x=y`;
    expect(setQueryParam(url, 'begin', '1700000000')).toBe(`wss://h/tail/?tk=${TOKEN}&x=y&begin=1700000000`);
    expect(setQueryParam(`wss://h/tail/?tk=${TOKEN}`, 'begin', '5')).toBe(`wss://h/tail/?tk=${TOKEN}&begin=5`);
    expect(setQueryParam('wss://h/tail/', 'begin', '5')).toBe('wss://h/tail/?begin=5');
    expect(setQueryParam(url, 'begin', undefined)).toBe(`wss://h/tail/?tk=${TOKEN}&x=y`);
    expect(getQueryParam(url, 'tk')).toBe(TOKEN);
    expect(getQueryParam(url, 'nope')).toBeUndefined();
    expect([...queryParams(`${url}&tk=second&flag`)]).toEqual([['tk', TOKEN], ['begin', '1'], ['x', 'y'], ['flag', '']]);
    expect([parseUnixSeconds(undefined), parseUnixSeconds('1700000000.5'), parseUnixSeconds(''), parseUnixSeconds('yesterday')]).toEqual([undefined, 1700000000.5, null, null]);
  });
});

describe('redaction', () => {
  it('replaces the tk= value in any text', () => {
    expect(redactSecrets(`Connected to wss://h/tail/?tk=${TOKEN}&begin=3`)).toBe('Connected to wss://h/tail/?tk=***&begin=3');
    expect(redactSecrets(`"wss://h/tail/?tk=${TOKEN}"`)).toBe('"wss://h/tail/?tk=***"');
    expect(redactSecrets(`a tk=${TOKEN} b TK=${TOKEN}`)).toBe('a tk=*** b TK=***');
    expect(redactSecrets('x?tk%3Dabc%26y')).toBe('x?tk%3D***');
    expect(redactSecrets('no secret here')).toBe('no secret here');
  });

  it('the literal token is removed too, raw or encoded', () => {
    const redact = makeRedactor([TOKEN]);
    expect(redact(`token ${TOKEN} and ${encodeURIComponent(TOKEN)}`)).toBe('token *** and ***');
    expect(redact(`wss://h/?tk=${TOKEN}`)).toBe('wss://h/?tk=***');
  });
});
