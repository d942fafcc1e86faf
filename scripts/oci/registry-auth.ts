// Authorization for the OCI distribution API, answering the registry's WWW-Authenticate
// challenge: Basic (the credentials themselves, e.g. a self-hosted registry with htpasswd) or
// Bearer (a token from the challenge's realm, fetched with the credentials, as ghcr.io does).
// Credentials come from REGISTRY_USER / REGISTRY_PASSWORD; neither they nor a token are printed.

export interface Credentials {
  readonly user: string;
  readonly password: string;
}

export class RegistryAuthError extends Error {}

export function credentialsFromEnv(env: NodeJS.ProcessEnv = process.env): Credentials | undefined {
  const user = env['REGISTRY_USER'];
  const password = env['REGISTRY_PASSWORD'];
  if (!user && !password) return undefined;
  if (!user || !password) throw new RegistryAuthError('set both REGISTRY_USER and REGISTRY_PASSWORD, or neither');
  return { user, password };
}

interface Challenge {
  readonly scheme: string;
  readonly params: Readonly<Record<string, string>>;
}

function parseChallenge(header: string): Challenge {
  const scheme = /^\s*(\S+)/.exec(header)?.[1]?.toLowerCase() ?? '';
  const params: Record<string, string> = {};
  for (const m of header.matchAll(/(\w+)=(?:"([^"]*)"|([^,\s]*))/g)) params[m[1]!.toLowerCase()] = m[2] ?? m[3] ?? '';
  return { scheme, params };
}

function basic(credentials: Credentials): string {
  return `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`).toString('base64')}`;
}

/**
 * The Authorization header value answering `challenge` (a WWW-Authenticate header) for `scope`
 * (`repository:<name>:<actions>`). `registry` only names the registry in errors.
 */
export async function authorize(
  challenge: string | null,
  credentials: Credentials | undefined,
  scope: string,
  registry: string,
): Promise<string> {
  const { scheme, params } = parseChallenge(challenge ?? '');
  if (scheme === 'basic') {
    if (credentials === undefined) throw new RegistryAuthError(`${registry} requires authentication: set REGISTRY_USER and REGISTRY_PASSWORD`);
    return basic(credentials);
  }
  if (scheme !== 'bearer' || !params['realm']) {
    throw new RegistryAuthError(`${registry} answered 401 without a usable WWW-Authenticate challenge`);
  }
  const url = new URL(params['realm']);
  if (params['service']) url.searchParams.set('service', params['service']);
  url.searchParams.set('scope', scope);
  const res = await fetch(url, { headers: credentials ? { Authorization: basic(credentials) } : {} });
  const body = await res.text();
  if (res.status === 401 || res.status === 403) {
    throw new RegistryAuthError(
      credentials
        ? `the token service of ${registry} (${url.origin}) refused the credentials of REGISTRY_USER ${credentials.user} (HTTP ${res.status})`
        : `${registry} requires authentication: set REGISTRY_USER and REGISTRY_PASSWORD`,
    );
  }
  if (!res.ok) throw new RegistryAuthError(`the token service of ${registry} (${url.origin}) answered HTTP ${res.status}`);
  let token: unknown;
  try {
    const parsed = JSON.parse(body) as { token?: unknown; access_token?: unknown };
    token = parsed.token ?? parsed.access_token;
  } catch {
    token = undefined;
  }
  if (typeof token !== 'string' || token === '') throw new RegistryAuthError(`the token service of ${registry} (${url.origin}) returned no token`);
  return `Bearer ${token}`;
}
