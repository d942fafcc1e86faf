// The CA certificates trusted for wss:// when caFile is set. A `ca` list replaces Node's default
// store, so it carries everything that store holds: the bundled roots and NODE_EXTRA_CA_CERTS.
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';

const PEM_CERTIFICATE = '-----BEGIN CERTIFICATE-----';

/**
 * Node's bundled roots, the certificates of NODE_EXTRA_CA_CERTS (when `env` sets it and it is
 * readable: Node itself already warned at start-up otherwise), and caFile. Throws a clear Error
 * naming caFile when it is unreadable or holds no PEM.
 */
export function loadCaBundle(path: string, env: NodeJS.ProcessEnv = process.env): string[] {
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`LDP caFile "${path}" cannot be read: ${(err as Error).message}`);
  }
  if (!pem.includes(PEM_CERTIFICATE)) throw new Error(`LDP caFile "${path}" holds no PEM certificate`);
  return [...rootCertificates, ...extraCaCertificates(env), pem];
}

function extraCaCertificates(env: NodeJS.ProcessEnv): string[] {
  const file = env['NODE_EXTRA_CA_CERTS'];
  if (file === undefined || file === '') return [];
  try {
    const pem = readFileSync(file, 'utf8');
    return pem.includes(PEM_CERTIFICATE) ? [pem] : [];
  } catch {
    return [];
  }
}
