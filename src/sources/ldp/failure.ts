// Why a connection attempt failed, and whether trying again can help.

export interface ConnectFailure {
  /** HTTP status of a refused handshake, when the server answered. */
  readonly status?: number | undefined;
  /** Retry-After header of that answer. */
  readonly retryAfter?: string | undefined;
  /** The error ws/Node reported (network, TLS, timeout). */
  readonly error?: Error | undefined;
}

export interface FailureVerdict {
  /** retry: transient (network, 408/429/5xx); fatal: configuration error, retrying cannot help. */
  readonly kind: 'retry' | 'fatal';
  /** Human-readable reason (may still quote a URL: redact before logging). */
  readonly reason: string;
  /** Server-requested minimum delay (Retry-After), in ms. */
  readonly retryAfterMs?: number | undefined;
}

const STATUS_HINTS: Readonly<Record<number, string>> = {
  400: 'the LDP server refused the request as malformed; check the LDP URL',
  401: 'the token of the LDP URL (tk parameter) was refused; check it',
  403: 'the token of the LDP URL (tk parameter) may not read this stream; check it',
  404: 'no LDP tail at this address; check the host and the /tail/ path of the LDP URL',
};

/** Certificate problems: retrying gives the same answer; the trust store or caFile must change. */
const CERTIFICATE_ERRORS = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

export function classifyConnectFailure(failure: ConnectFailure): FailureVerdict {
  const { status, error } = failure;
  if (status !== undefined) {
    const text = `server answered HTTP ${status}`;
    if (status === 408 || status === 429 || (status >= 500 && status <= 599)) {
      return { kind: 'retry', reason: text, retryAfterMs: parseRetryAfter(failure.retryAfter) };
    }
    const hint = STATUS_HINTS[status] ?? 'this is not a WebSocket tail endpoint; check the LDP URL';
    return { kind: 'fatal', reason: `${text}: ${hint}` };
  }
  const proxyStatus = (error as { proxyStatus?: unknown } | undefined)?.proxyStatus;
  if (typeof proxyStatus === 'number') return classifyProxyAnswer(proxyStatus, error?.message ?? '');
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const message = error?.message ?? 'connection failed';
  if (code !== undefined && CERTIFICATE_ERRORS.has(code)) {
    return {
      kind: 'fatal',
      reason: `TLS certificate not trusted (${code}: ${message}); check the system CA store or set caFile`,
    };
  }
  // Refused, reset, DNS, timeouts, TLS handshake interrupted, anything unknown: transient.
  return { kind: 'retry', reason: code !== undefined && !message.includes(code) ? `${code}: ${message}` : message };
}

/**
 * The HTTP proxy refused the CONNECT. 502/503/504 are its upstream failing (DNS, refused, timeout):
 * transient. 407 and other 4xx are its policy: the proxy settings must change.
 */
function classifyProxyAnswer(status: number, message: string): FailureVerdict {
  if (status === 408 || status === 429 || (status >= 500 && status <= 599)) return { kind: 'retry', reason: message };
  const hint =
    status === 407
      ? 'the proxy wants credentials or refused them; set user:password in HTTPS_PROXY'
      : 'the proxy does not allow this tunnel; check HTTPS_PROXY and NO_PROXY';
  return { kind: 'fatal', reason: `${message}: ${hint}` };
}

/** Retry-After as delta-seconds or an HTTP date; undefined when absent or unparsable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
