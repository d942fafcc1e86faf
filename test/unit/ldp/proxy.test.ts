// HTTPS_PROXY / NO_PROXY as upstream (Go's ProxyFromEnvironment) reads them, and the LDP source
// tunnelling through a real CONNECT proxy on loopback to a TLS simulator named ldp.test.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSelfSignedCertificate } from '../../../src/sim/self-signed.js';
import { bypassedBy, proxyForTarget } from '../../../src/sources/ldp/proxy-env.js';
import { classifyConnectFailure } from '../../../src/sources/ldp/failure.js';
import { ProxyRefusedError } from '../../../src/sources/ldp/proxy-tunnel.js';
import { ConnectProxy } from '../support/connect-proxy.js';
import {
  MemorySink,
  TOKEN,
  activeResources,
  auditEvents,
  expectExactlyOnceInOrder,
  expectNoLingeringHandles,
  useLdpTestBed,
  waitFor,
} from './helpers.js';

describe('proxy from the environment', () => {
  const ldp = (env: Record<string, string>, host = 'gra1.logs.ovh.com', port = 443) => proxyForTarget(true, host, port, env);

  it('reads HTTPS_PROXY before https_proxy, and a bare host:port as http://', () => {
    expect(ldp({ HTTPS_PROXY: 'http://proxy.corp:3128', https_proxy: 'http://other:1' })).toMatchObject({
      host: 'proxy.corp',
      port: 3128,
      variable: 'HTTPS_PROXY',
      authorization: undefined,
      shown: 'http://proxy.corp:3128',
    });
    expect(ldp({ https_proxy: 'proxy.corp:8080' })).toMatchObject({ host: 'proxy.corp', port: 8080, variable: 'https_proxy' });
    expect(ldp({ HTTPS_PROXY: 'http://proxy.corp' })?.port).toBe(80);
    expect(ldp({ HTTPS_PROXY: 'http://[fd00::5]:3128' })).toMatchObject({ host: 'fd00::5', port: 3128 });
  });

  it('uses no proxy when none is set, for wss only HTTPS_PROXY counts', () => {
    expect(ldp({})).toBeUndefined();
    expect(ldp({ HTTPS_PROXY: '  ' })).toBeUndefined();
    expect(ldp({ HTTP_PROXY: 'http://proxy.corp:3128' })).toBeUndefined();
  });

  it('never proxies loopback, as Go does', () => {
    const env = { HTTPS_PROXY: 'http://proxy.corp:3128' };
    for (const host of ['localhost', '127.0.0.1', '127.4.5.6', '[::1]', '::1']) expect(ldp(env, host), host).toBeUndefined();
    expect(ldp(env, '10.0.0.1')).toBeDefined();
  });

  it('turns user:password into Proxy-Authorization and never shows them', () => {
    const proxy = ldp({ HTTPS_PROXY: 'http://alice:s%40cret@proxy.corp:3128' });
    expect(proxy?.authorization).toBe(`Basic ${Buffer.from('alice:s@cret').toString('base64')}`);
    expect(proxy?.shown).toBe('http://***@proxy.corp:3128');
  });

  it('refuses proxies it cannot use, with the credentials hidden', () => {
    expect(() => ldp({ HTTPS_PROXY: 'socks5://bob:pw@proxy.corp:1080' })).toThrow(
      'HTTPS_PROXY=socks5://***@proxy.corp:1080: only http:// proxies are supported',
    );
    expect(() => ldp({ HTTPS_PROXY: 'http://bob:pw@proxy corp:1' })).toThrow(/^HTTPS_PROXY is not a valid proxy URL \("http:\/\/\*\*\*@proxy corp:1"\)$/);
  });

  it('matches NO_PROXY entries as Go does', () => {
    const cases: Array<[string, string, number, boolean]> = [
      ['*', 'gra1.logs.ovh.com', 443, true],
      ['logs.ovh.com', 'gra1.logs.ovh.com', 443, true], // a domain covers its subdomains
      ['logs.ovh.com', 'logs.ovh.com', 443, true],
      ['.logs.ovh.com', 'logs.ovh.com', 443, false], // a leading dot: subdomains only
      ['.logs.ovh.com', 'gra1.logs.ovh.com', 443, true],
      ['*.logs.ovh.com', 'gra1.logs.ovh.com', 443, true],
      ['ovh.com', 'notovh.com', 443, false],
      ['gra1.logs.ovh.com:443', 'gra1.logs.ovh.com', 443, true],
      ['gra1.logs.ovh.com:8443', 'gra1.logs.ovh.com', 443, false],
      [' other.example , GRA1.LOGS.OVH.COM ', 'gra1.logs.ovh.com', 443, true],
      ['10.0.0.0/8', '10.1.2.3', 443, true],
      ['10.0.0.0/8', '11.1.2.3', 443, false],
      ['10.1.2.3', '10.1.2.3', 443, true],
      ['fd00::/8', 'fd12::1', 443, true],
      ['[fd00::1]:443', 'fd00::1', 443, true],
      ['fd00::1', 'fd00:0:0::1', 443, true],
      ['10.0.0.0/8', 'gra1.logs.ovh.com', 443, false],
      ['', 'gra1.logs.ovh.com', 443, false],
    ];
    for (const [noProxy, host, port, bypass] of cases) expect(bypassedBy(noProxy, host, port), `${noProxy} vs ${host}:${port}`).toBe(bypass);
    expect(ldp({ HTTPS_PROXY: 'http://proxy.corp:3128', no_proxy: '.ovh.com' })).toBeUndefined();
    expect(ldp({ HTTPS_PROXY: 'http://proxy.corp:3128', NO_PROXY: 'example.org', no_proxy: '.ovh.com' })).toBeDefined();
  });

  it('classifies CONNECT refusals: 407 and 403 are configuration, 502/503/504 are transient', () => {
    const verdict = (status: number) => classifyConnectFailure({ error: new ProxyRefusedError(`proxy x answered CONNECT h:443 with HTTP ${status}`, status) });
    expect(verdict(407)).toEqual({
      kind: 'fatal',
      reason: 'proxy x answered CONNECT h:443 with HTTP 407: the proxy wants credentials or refused them; set user:password in HTTPS_PROXY',
    });
    expect(verdict(403).kind).toBe('fatal');
    for (const status of [502, 503, 504, 429]) expect(verdict(status).kind, String(status)).toBe('retry');
  });
});

describe('LdpSource through an HTTP proxy', () => {
  const bed = useLdpTestBed();
  let proxy: ConnectProxy | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await proxy?.close();
    proxy = undefined;
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  /** A TLS simulator whose certificate names ldp.test, and its CA file. */
  async function tlsSimulator() {
    const sim = await bed.simulator({ tls: createSelfSignedCertificate(1, ['ldp.test']) });
    dir = mkdtempSync(join(tmpdir(), 'ldp-proxy-'));
    const caFile = join(dir, 'ca.pem');
    writeFileSync(caFile, sim.caPem as string);
    return { sim, caFile, url: `wss://ldp.test:${sim.port}/tail/?tk=${TOKEN}` };
  }

  async function startProxy(options: Partial<ConstructorParameters<typeof ConnectProxy>[0]> & { forwardPort: () => number }) {
    proxy = new ConnectProxy(options);
    await proxy.start();
    return proxy;
  }

  it('tunnels wss:// through HTTPS_PROXY with credentials; TLS checks the LDP name end to end', async () => {
    const { sim, caFile, url } = await tlsSimulator();
    const auth = `Basic ${Buffer.from('falco:pr0xy-pass').toString('base64')}`;
    const p = await startProxy({ forwardPort: () => sim.port, authorization: auth });
    const sink = new MemorySink();
    const source = bed.source(url, sink, { caFile, proxyEnv: { HTTPS_PROXY: `http://falco:pr0xy-pass@127.0.0.1:${p.port}` } });
    await waitFor(() => source.stats().state === 'open', 'open through the proxy');
    expect(p.requests).toEqual([{ target: `ldp.test:${sim.port}`, authorization: auth }]);
    expect(sink.logs[0]?.message).toBe(
      `Connected to wss://ldp.test:${sim.port}/tail/?tk=*** through proxy http://***@127.0.0.1:${p.port} (HTTPS_PROXY)`,
    );
    sim.ingest(auditEvents(0, 500));
    await waitFor(() => sink.events.length === 500, '500 events through the tunnel');
    expect(expectExactlyOnceInOrder(sink.events, 500)).toBeUndefined();
    expect(sim.handshakeLog).toHaveLength(1);
    expect(sink.transcript()).not.toContain('pr0xy-pass');
  });

  it('the certificate is checked against the LDP host, not the proxy', async () => {
    const sim = await bed.simulator({ tls: createSelfSignedCertificate(1, ['other.test']) });
    dir = mkdtempSync(join(tmpdir(), 'ldp-proxy-'));
    const caFile = join(dir, 'ca.pem');
    writeFileSync(caFile, sim.caPem as string);
    const p = await startProxy({ forwardPort: () => sim.port });
    const sink = new MemorySink();
    bed.source(`wss://ldp.test:${sim.port}/tail/?tk=${TOKEN}`, sink, { caFile, proxyEnv: { HTTPS_PROXY: p.url } });
    await waitFor(() => sink.failures.length === 1, 'the name mismatch');
    expect(sink.failures[0]).toMatch(/ERR_TLS_CERT_ALTNAME_INVALID.*ldp\.test/);
    expect(sim.handshakeLog).toHaveLength(0);
  });

  it('a proxy answering 502 is retried; 407 (wrong credentials) fails once with a clear error', async () => {
    const { sim, caFile, url } = await tlsSimulator();
    const p = await startProxy({ forwardPort: () => sim.port, authorization: 'Basic right' });
    p.refuseNext(2, 502);
    const sink = new MemorySink();
    const source = bed.source(url, sink, { caFile, proxyEnv: { HTTPS_PROXY: p.url } });
    await waitFor(() => sink.failures.length === 1, 'the 407');
    expect(p.requests).toHaveLength(3);
    const retries = sink.logs.filter((l) => l.message.includes('with HTTP 502 Refused By Test; retrying in'));
    expect(retries).toHaveLength(2);
    expect(sink.failures[0]).toBe(
      `Cannot connect to ${url.replace(TOKEN, '***')} - proxy ${p.url} answered CONNECT ldp.test:${sim.port} with HTTP 407 Proxy Authentication Required: ` +
        'the proxy wants credentials or refused them; set user:password in HTTPS_PROXY. Giving up.',
    );
    expect(source.stats().state).toBe('failed');
    expect(sim.handshakeLog).toHaveLength(0);
  });

  it('a proxy that is down is retried until it comes up', async () => {
    const { sim, caFile, url } = await tlsSimulator();
    const probe = new ConnectProxy({ forwardPort: () => sim.port });
    await probe.start();
    const port = probe.port;
    await probe.close();
    const sink = new MemorySink();
    const source = bed.source(url, sink, { caFile, proxyEnv: { HTTPS_PROXY: `http://127.0.0.1:${port}` }, reconnectMaxDelayMs: 50 });
    await waitFor(() => sink.counter('ldp_connect_failures') >= 2, 'two refused attempts');
    expect(sink.logs.some((l) => l.message.includes(`proxy http://127.0.0.1:${port}: connect ECONNREFUSED`))).toBe(true);
    proxy = new ConnectProxy({ forwardPort: () => sim.port });
    await proxy.start(port); // the port the source keeps dialling
    await waitFor(() => source.stats().state === 'open', 'open once the proxy is up');
    expect(sink.failures).toEqual([]);
  });

  it('a proxy that never answers CONNECT times out, and close() leaves no handle behind', async () => {
    const { sim, caFile, url } = await tlsSimulator();
    const p = await startProxy({ forwardPort: () => sim.port, silent: true });
    const baseline = activeResources();
    const sink = new MemorySink();
    const source = bed.source(url, sink, { caFile, proxyEnv: { HTTPS_PROXY: p.url }, handshakeTimeoutMs: 100, reconnectMaxDelayMs: 50 });
    await waitFor(() => sink.counter('ldp_connect_failures') >= 2, 'two timeouts');
    expect(sink.logs.some((l) => l.message.includes(`did not answer CONNECT ldp.test:${sim.port} within 100 ms`))).toBe(true);
    source.close();
    await expectNoLingeringHandles(baseline);

    const quiet = new MemorySink();
    const second = bed.source(url, quiet, { caFile, proxyEnv: { HTTPS_PROXY: p.url }, handshakeTimeoutMs: 60_000 });
    const asked = p.requests.length;
    await waitFor(() => p.requests.length === asked + 1, 'the CONNECT');
    second.close();
    await expectNoLingeringHandles(baseline);
    expect(quiet.failures).toEqual([]);
    expect(source.stats().state).toBe('closed');
  });
});
