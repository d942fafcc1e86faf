// Open params → the URL we dial. The token is kept byte for byte: an escape/unescape round trip
// turns `+` into a space, which LDP then refuses.
import { makeRedactor } from '../../util/redact.js';
import { getQueryParam } from '../../util/url-query.js';

export interface LdpEndpoint {
  /** URL to dial: scheme (wss:// when none was given) + open params as written. Holds the token. */
  readonly url: string;
  /** The same URL with the token replaced by `***`, for logs. */
  readonly redactedUrl: string;
  /** True for wss://. */
  readonly secure: boolean;
  /** Host name as the URL parser normalised it (IPv6 in brackets). */
  readonly hostname: string;
  /** TCP port dialled (the scheme's default when the URL names none). */
  readonly port: number;
  /** The raw `tk` value, verbatim. Never log it. */
  readonly token: string;
  /**
   * The stream without its token, `scheme://host:port/path`: what a position is kept under. A
   * rotated token still reads the same stream.
   */
  readonly stream: string;
}

// Written with tk=*** already: every message is redacted, and `tk=<token>` would come out as `tk=***<token>`.
const EXPECTED_FORM = 'expected gra<x>.logs.ovh.com/tail/?tk=*** or wss://gra<x>.logs.ovh.com/tail/?tk=*** (tk: the data stream\'s token)';
/** A URL's `scheme://` prefix (group 1: the scheme). */
export const URL_SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//;

/** Parses the plugin's open params. Throws an Error with a redacted, actionable message. */
export function parseLdpOpenParams(openParams: string): LdpEndpoint {
  const text = openParams.trim();
  if (text === '') throw new Error(`LDP URL is empty: ${EXPECTED_FORM}`);
  // Errors quote the URL: hide the token wherever it appears, not only after tk=.
  const rawToken = getQueryParam(text, 'tk');
  const redact = makeRedactor(rawToken === undefined ? [] : [rawToken]);
  const shown = redact(text);
  if (/\s/.test(text)) throw new Error(`LDP URL "${shown}" contains whitespace: ${EXPECTED_FORM}`);

  const schemeMatch = URL_SCHEME.exec(text);
  const scheme = schemeMatch?.[1]?.toLowerCase() ?? 'wss';
  if (scheme !== 'wss' && scheme !== 'ws') {
    throw new Error(`LDP URL "${shown}" has unsupported scheme "${scheme}://": ${EXPECTED_FORM}`);
  }
  const rest = schemeMatch === null ? text : text.slice(schemeMatch[0].length);
  if (URL_SCHEME.test(rest)) {
    throw new Error(`LDP URL "${shown}" has its scheme twice: ${EXPECTED_FORM}`);
  }
  const full = schemeMatch === null ? `wss://${text}` : `${scheme}://${text.slice(schemeMatch[0].length)}`;
  const shownFull = redact(full);

  let parsed: URL;
  try {
    parsed = new URL(full);
  } catch {
    throw new Error(`LDP URL "${shownFull}" is malformed: ${EXPECTED_FORM}`);
  }
  if (parsed.hostname === '') throw new Error(`LDP URL "${shownFull}" has no host: ${EXPECTED_FORM}`);
  if (parsed.username !== '' || parsed.password !== '') {
    throw new Error(`LDP URL "${scheme}://…@${redact(parsed.host)}…" must not hold credentials before the host: ${EXPECTED_FORM}`);
  }
  if (full.includes('#')) throw new Error(`LDP URL "${shownFull}" must not contain a #fragment`);
  if (scheme === 'ws' && !isLoopbackHost(parsed.hostname)) {
    throw new Error(`LDP URL "${shownFull}": ws:// (unencrypted) is only allowed for loopback hosts; use wss://`);
  }

  const token = getQueryParam(full, 'tk');
  if (token === undefined || token === '') {
    throw new Error(`LDP URL "${shownFull}" has no tk= token: ${EXPECTED_FORM}`);
  }
  const secure = scheme === 'wss';
  const port = parsed.port === '' ? (secure ? 443 : 80) : Number(parsed.port);
  const stream = `${scheme}://${parsed.hostname}:${port}${parsed.pathname}`;
  return { url: full, redactedUrl: makeRedactor([token])(full), secure, hostname: parsed.hostname, port, token, stream };
}

/** 127.0.0.0/8, localhost and [::1]: the only hosts that may be reached without TLS. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host === 'localhost' || host === '[::1]' || host === '::1') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
