import { describe, expect, it, vi } from 'vitest';
import Ajv from 'ajv';
import { Backoff } from '../../../src/sources/ldp/backoff.js';
import { RecentKeys, eventKey } from '../../../src/sources/ldp/dedup.js';
import { classifyConnectFailure, parseRetryAfter } from '../../../src/sources/ldp/failure.js';
import { Keepalive } from '../../../src/sources/ldp/keepalive.js';
import { LDP_CONFIG_KEYS, resolveLdpConfig } from '../../../src/sources/ldp/config.js';
import { defaultsOf, schemaProperties } from '../../../src/util/config-keys.js';
import { RateLimitedLog } from '../../../src/util/rate-limited-log.js';

describe('Backoff', () => {
  it('doubles from initial to max, then stays; reset starts over', () => {
    const b = new Backoff({ initialMs: 1000, maxMs: 60000, random: () => 0 });
    expect(Array.from({ length: 9 }, () => b.next())).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000]);
    b.reset();
    expect(b.next()).toBe(1000);
  });

  it('jitter only shortens, by at most 20%', () => {
    const low = new Backoff({ initialMs: 1000, maxMs: 60000, random: () => 0.999999 });
    expect(low.next()).toBe(800);
    const b = new Backoff({ initialMs: 1000, maxMs: 4000 });
    for (let i = 0; i < 50; i++) {
      const d = b.next();
      expect(d).toBeGreaterThanOrEqual(800);
      expect(d).toBeLessThanOrEqual(4000);
    }
  });
});

describe('RecentKeys (dedup memory)', () => {
  it('remembers the last N keys only', () => {
    const r = new RecentKeys(3);
    expect([r.add(1), r.add(2), r.add(1), r.add(3), r.add(4)]).toEqual([true, true, false, true, true]);
    expect(r.size).toBe(3);
    expect(r.has(1)).toBe(false); // evicted by 4
    expect(r.add(1)).toBe(true);
    expect(r.has(2)).toBe(false);
  });

  it('answers like a plain list of the last N keys over a long run, colliding keys included', () => {
    // Keys drawn from a small range (many repeats) and spaced by the table size (same slot), so
    // eviction has to move entries inside probe runs; the model is the list of the last N added.
    const capacity = 64;
    const r = new RecentKeys(capacity);
    const model: number[] = [];
    let seed = 7;
    const random = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    for (let i = 0; i < 20_000; i++) {
      const key = Math.floor(random() * 200) * (random() < 0.5 ? 1 : 128) + (random() < 0.1 ? 2 ** 40 : 0);
      const fresh = !model.includes(key);
      expect(r.add(key)).toBe(fresh);
      if (fresh) {
        model.push(key);
        if (model.length > capacity) model.shift();
      }
      expect(r.size).toBe(model.length);
    }
    for (const key of model) expect(r.has(key)).toBe(true);
  });

  it('stays the same size however many keys pass through it', () => {
    const r = new RecentKeys(1000);
    for (let i = 0; i < 1_000_000; i++) r.add(eventKey(`id-${i}`, 1n, ''));
    expect(r.size).toBe(1000);
    expect(r.has(eventKey('id-999999', 1n, ''))).toBe(true);
    expect(r.has(eventKey('id-998999', 1n, ''))).toBe(false);
    expect(r.add(eventKey('id-999000', 1n, ''))).toBe(false);
  });

  it('capacity 0 disables it', () => {
    const r = new RecentKeys(0);
    expect([r.add(1), r.add(1)]).toEqual([true, true]);
  });

  it('keys: auditID + stageTimestamp; without auditID a hash of the bytes', () => {
    expect(eventKey('a', 1n, 'x')).not.toBe(eventKey('a', 2n, 'x')); // other stage, same auditID
    expect(eventKey('a', 1n, 'x')).toBe(eventKey('a', 1n, 'y'));
    expect(eventKey(undefined, 1n, '{"a":1}')).toBe(eventKey(undefined, 1n, '{"a":1}'));
    expect(eventKey(undefined, 1n, '{"a":1}')).not.toBe(eventKey(undefined, 1n, '{"a":2}'));
  });
});

describe('RateLimitedLog', () => {
  it('writes N lines per kind and interval, then summarises what it suppressed', () => {
    let now = 0;
    const lines: string[] = [];
    const log = new RateLimitedLog((_level, msg) => lines.push(msg), { maxPerInterval: 2, intervalMs: 1000, now: () => now });
    for (let i = 0; i < 5; i++) log.log('bad', 'warning', `bad ${i}`);
    log.log('other', 'warning', 'other 0');
    expect(lines).toEqual(['bad 0', 'bad 1', 'other 0']);
    now = 1500;
    log.log('bad', 'warning', 'bad 5');
    expect(lines).toEqual(['bad 0', 'bad 1', 'other 0', 'bad: (3 more suppressed)', 'bad 5']);
    log.log('bad', 'warning', 'bad 6');
    log.log('bad', 'warning', 'bad 7');
    log.flush();
    expect(lines.slice(-2)).toEqual(['bad 6', 'bad: (1 more suppressed)']);
  });
});

describe('connect failure classification', () => {
  it('400/401/403/404 and other non-upgrade answers are fatal with a hint', () => {
    expect(classifyConnectFailure({ status: 401 })).toMatchObject({ kind: 'fatal', reason: expect.stringMatching(/HTTP 401.*token/) });
    expect(classifyConnectFailure({ status: 403 }).kind).toBe('fatal');
    expect(classifyConnectFailure({ status: 404 })).toMatchObject({ kind: 'fatal', reason: expect.stringMatching(/\/tail\//) });
    expect(classifyConnectFailure({ status: 400 }).kind).toBe('fatal');
    expect(classifyConnectFailure({ status: 200 }).kind).toBe('fatal');
    expect(classifyConnectFailure({ status: 302 }).kind).toBe('fatal');
  });

  it('408, 429 and 5xx are retried, honouring Retry-After', () => {
    for (const status of [408, 429, 500, 502, 503, 504]) expect(classifyConnectFailure({ status }).kind).toBe('retry');
    expect(classifyConnectFailure({ status: 503, retryAfter: '7' }).retryAfterMs).toBe(7000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });

  it('network errors are retried; certificate errors are fatal', () => {
    const err = (code: string, message: string): Error => Object.assign(new Error(message), { code });
    for (const e of [
      err('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1'),
      err('ECONNRESET', 'socket hang up'),
      err('ENOTFOUND', 'getaddrinfo ENOTFOUND gra9.logs.ovh.com'),
      err('EAI_AGAIN', 'getaddrinfo EAI_AGAIN x'),
      err('ETIMEDOUT', 'connect ETIMEDOUT'),
      new Error('Opening handshake has timed out'),
      err('ECONNRESET', 'Client network socket disconnected before secure TLS connection was established'),
    ]) {
      expect(classifyConnectFailure({ error: e }).kind, e.message).toBe('retry');
    }
    const cert = classifyConnectFailure({ error: err('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate') });
    expect(cert).toMatchObject({ kind: 'fatal', reason: expect.stringMatching(/caFile/) });
  });
});

describe('Keepalive', () => {
  it('pings after the idle time, declares the connection dead without an answer', () => {
    vi.useFakeTimers();
    try {
      let pings = 0;
      let timeouts = 0;
      const k = new Keepalive({ intervalMs: 100, timeoutMs: 50, ping: () => (pings++, true), onTimeout: () => timeouts++ });
      k.start();
      vi.advanceTimersByTime(60);
      k.activity(); // traffic postpones the ping
      vi.advanceTimersByTime(90);
      expect(pings).toBe(0);
      vi.advanceTimersByTime(20);
      expect(pings).toBe(1);
      vi.advanceTimersByTime(10);
      k.activity(); // the pong
      vi.advanceTimersByTime(50);
      expect(timeouts).toBe(0);
      vi.advanceTimersByTime(60); // idle again: second ping, this time unanswered
      expect(pings).toBe(2);
      vi.advanceTimersByTime(60);
      expect(timeouts).toBe(1);
      vi.advanceTimersByTime(1000);
      expect(timeouts).toBe(1); // no more timers after a timeout
      expect(pings).toBe(2);
      k.start();
      k.stop();
      vi.advanceTimersByTime(1000);
      expect(pings).toBe(2);
      expect(vi.getTimerCount()).toBe(0);
      // A pong ends the wait at once: the next ping comes one interval after it.
      k.start();
      vi.advanceTimersByTime(100);
      expect(pings).toBe(3);
      vi.advanceTimersByTime(5);
      k.pong();
      vi.advanceTimersByTime(99);
      expect(pings).toBe(3);
      vi.advanceTimersByTime(1);
      expect(pings).toBe(4);
      k.stop();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('config schema properties', () => {
  it('validate with ajv (draft-04 style keywords) and default to the documented values', () => {
    const schema = { type: 'object', properties: schemaProperties(LDP_CONFIG_KEYS), additionalProperties: true };
    const validate = new Ajv({ useDefaults: true, strict: false }).compile(schema);
    const config: Record<string, unknown> = {};
    expect(validate(config)).toBe(true);
    expect(config).toEqual({
      reconnectInitialDelayMs: 1000,
      reconnectMaxDelayMs: 60000,
      keepaliveIntervalMs: 30000,
      keepaliveTimeoutMs: 10000,
      replayOverlapSeconds: 5,
      dedupWindow: 100000,
      handshakeTimeoutMs: 15000,
      checkpointIntervalSeconds: 0.5,
      checkpointMaxAgeSeconds: 3600,
    });
    // The dedup memory is allocated when the stream opens: its size is bounded.
    expect(validate({ dedupWindow: 10_000_000 })).toBe(true);
    expect(validate({ dedupWindow: 10_000_001 })).toBe(false);
    expect(validate({ reconnectInitialDelayMs: 0 })).toBe(false);
    expect(validate({ checkpointIntervalSeconds: 0 })).toBe(false);
    expect(validate({ checkpointIntervalSeconds: 0.05 })).toBe(false);
    expect(validate({ checkpointIntervalSeconds: 0.25 })).toBe(true); // seconds, not only whole ones
    expect(validate({ checkpointIntervalSeconds: '1' })).toBe(false);
    expect(validate({ checkpointFile: '/var/lib/falco/ldp.checkpoint' })).toBe(true);
    expect(validate({ keepaliveIntervalMs: 1.5 })).toBe(false);
    expect(validate({ caFile: 3 })).toBe(false);
    expect(validate({ caFile: '/etc/ssl/ldp.pem' })).toBe(true);
    expect(resolveLdpConfig({ dedupWindow: 5 })).toEqual({ ...defaultsOf(LDP_CONFIG_KEYS), dedupWindow: 5 });
  });
});
