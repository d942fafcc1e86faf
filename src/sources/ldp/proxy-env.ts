// Which HTTP proxy, if any, to tunnel the LDP connection through. Upstream dials with Go's
// ProxyFromEnvironment, so operators behind a proxy already set HTTPS_PROXY / NO_PROXY on the Falco
// pod: read them the same way (upper case first, loopback never proxied, Go's NO_PROXY matching).
import { BlockList, isIP } from 'node:net';
import { URL_SCHEME, isLoopbackHost } from './url.js';

export interface ProxySetting {
  /** Host and port of the proxy (defaults to port 80 as with Go for http://). */
  readonly host: string;
  readonly port: number;
  /** `Proxy-Authorization` value built from user:password in the proxy URL, if any. */
  readonly authorization: string | undefined;
  /** The proxy URL for logs, credentials replaced by `***`. */
  readonly shown: string;
  /** The environment variable it came from. */
  readonly variable: string;
}

export type ProxyEnv = Readonly<Record<string, string | undefined>>;

/**
 * The proxy for a wss:// connection to hostname:port under `env`, or undefined for a direct
 * connection. ws:// is only ever used for loopback, which is never proxied.
 * Throws a clear Error (credentials redacted) for a proxy URL that cannot be used.
 */
export function proxyForTarget(secure: boolean, hostname: string, port: number, env: ProxyEnv): ProxySetting | undefined {
  const [variable, value] = firstSet(env, secure ? ['HTTPS_PROXY', 'https_proxy'] : ['HTTP_PROXY', 'http_proxy']);
  if (variable === undefined || value === undefined) return undefined;
  if (isLoopbackHost(hostname)) return undefined;
  const host = stripBrackets(hostname.toLowerCase());
  const [, noProxy] = firstSet(env, ['NO_PROXY', 'no_proxy']);
  if (noProxy !== undefined && bypassedBy(noProxy, host, port)) return undefined;
  return parseProxyUrl(variable, value);
}

function firstSet(env: ProxyEnv, names: readonly string[]): [string | undefined, string | undefined] {
  for (const name of names) {
    const value = env[name]?.trim();
    if (value !== undefined && value !== '') return [name, value];
  }
  return [undefined, undefined];
}

function parseProxyUrl(variable: string, value: string): ProxySetting {
  // Go accepts a bare host:port and reads it as http://.
  const text = URL_SCHEME.test(value) ? value : `http://${value}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`${variable} is not a valid proxy URL ("${hideCredentials(text)}")`);
  }
  const shown = `${url.protocol}//${url.username !== '' || url.password !== '' ? '***@' : ''}${url.host}`;
  if (url.protocol !== 'http:') {
    throw new Error(`${variable}=${shown}: only http:// proxies are supported (the tunnel to LDP is TLS either way)`);
  }
  if (url.hostname === '') throw new Error(`${variable}=${shown} has no host`);
  const authorization =
    url.username !== '' || url.password !== ''
      ? `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`
      : undefined;
  return { host: stripBrackets(url.hostname), port: url.port === '' ? 80 : Number(url.port), authorization, shown, variable };
}

function hideCredentials(text: string): string {
  return text.replace(/\/\/[^/@]*@/, '//***@');
}

/** Go's NO_PROXY rules: `*`; IPs and CIDRs; `host`, `.host` and `*.host` with an optional `:port`. */
export function bypassedBy(noProxy: string, host: string, port: number): boolean {
  for (const raw of noProxy.split(',')) {
    let entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    if (entry === '*') return true;
    if (entry.includes('/')) {
      if (inCidr(host, entry)) return true;
      continue;
    }
    let entryPort: number | undefined;
    const portMatch = /^(.*[^:]):(\d+)$/.exec(entry);
    if (portMatch !== null && !isBareIpv6(entry)) {
      entry = portMatch[1] ?? entry;
      entryPort = Number(portMatch[2]);
    }
    entry = stripBrackets(entry);
    if (entryPort !== undefined && entryPort !== port) continue;
    if (isIP(entry) !== 0) {
      if (sameIp(entry, host)) return true;
      continue;
    }
    if (entry.startsWith('*.')) entry = entry.slice(1);
    if (entry.startsWith('.')) {
      // ".example.com" matches the subdomains only.
      if (host.endsWith(entry)) return true;
    } else if (host === entry || host.endsWith(`.${entry}`)) {
      return true;
    }
  }
  return false;
}

function isBareIpv6(entry: string): boolean {
  return !entry.startsWith('[') && isIP(entry) === 6;
}

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

function ipFamily(address: string): 'ipv4' | 'ipv6' | undefined {
  const version = isIP(address);
  return version === 4 ? 'ipv4' : version === 6 ? 'ipv6' : undefined;
}

/** Same address, whatever its spelling (`fd00::1` = `fd00:0:0::1`). */
function sameIp(a: string, b: string): boolean {
  const family = ipFamily(a);
  if (family === undefined || family !== ipFamily(b)) return false;
  const list = new BlockList();
  list.addAddress(a, family);
  return list.check(b, family);
}

function inCidr(host: string, cidr: string): boolean {
  const [base = '', bitsText = ''] = cidr.split('/');
  const family = ipFamily(base);
  const bits = Number(bitsText);
  if (family === undefined || family !== ipFamily(host) || !/^\d+$/.test(bitsText)) return false;
  if (bits > (family === 'ipv4' ? 32 : 128)) return false;
  const list = new BlockList();
  list.addSubnet(base, bits, family);
  return list.check(host, family);
}
