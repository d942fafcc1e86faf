// Which HTTP proxy, if any, to tunnel the LDP connection through. Upstream dials with Go's
// ProxyFromEnvironment, so operators behind a proxy already set HTTPS_PROXY / NO_PROXY on the Falco
// pod: read them the same way (upper case first, loopback never proxied, Go's NO_PROXY matching).
import { isIP } from 'node:net';

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
  const host = stripBrackets(hostname.toLowerCase());
  if (isLoopback(host)) return undefined;
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
  const text = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(value) ? value : `http://${value}`;
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
      if (isIP(host) !== 0 && sameIp(entry, host)) return true;
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

function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return sameIp(host, '::1');
  return false;
}

function isBareIpv6(entry: string): boolean {
  return !entry.startsWith('[') && isIP(entry) === 6;
}

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

function sameIp(a: string, b: string): boolean {
  const x = ipBytes(a);
  const y = ipBytes(b);
  return x !== undefined && y !== undefined && x.length === y.length && x.every((v, i) => v === y[i]);
}

function inCidr(host: string, cidr: string): boolean {
  const [base = '', bitsText = ''] = cidr.split('/');
  const bits = Number(bitsText);
  const net = ipBytes(base);
  const ip = ipBytes(host);
  if (net === undefined || ip === undefined || net.length !== ip.length || !Number.isInteger(bits)) return false;
  if (bits < 0 || bits > net.length * 8) return false;
  for (let i = 0; i < bits; i++) {
    const byte = Math.floor(i / 8);
    const mask = 0x80 >> i % 8;
    if (((net[byte] ?? 0) & mask) !== ((ip[byte] ?? 0) & mask)) return false;
  }
  return true;
}

/** The bytes of an IPv4 or IPv6 address (IPv4 as 4 bytes), or undefined. */
function ipBytes(text: string): number[] | undefined {
  const version = isIP(text);
  if (version === 4) return text.split('.').map(Number);
  if (version !== 6) return undefined;
  let address = text;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  let tail: number[] = [];
  if (dotted !== null) {
    tail = (dotted[1] ?? '').split('.').map(Number);
    address = address.slice(0, -(dotted[1] ?? '').length) + '0:0';
  }
  const [head = '', rest] = address.split('::');
  const groups = (part: string): number[] => (part === '' ? [] : part.split(':').map((g) => parseInt(g, 16)));
  const left = groups(head);
  const right = rest === undefined ? [] : groups(rest);
  const middle = new Array<number>(8 - left.length - right.length).fill(0);
  const words = rest === undefined ? left : [...left, ...middle, ...right];
  const bytes = words.flatMap((w) => [w >> 8, w & 0xff]);
  if (dotted !== null) bytes.splice(12, 4, ...tail);
  return bytes;
}
