// The CA certificates trusted for wss://: Node's bundled roots plus the user's caFile.
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';

/** Reads caFile; throws a clear Error naming the path when it is unreadable or holds no PEM. */
export function loadCaBundle(path: string): string[] {
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`LDP caFile "${path}" cannot be read: ${(err as Error).message}`);
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new Error(`LDP caFile "${path}" holds no PEM certificate`);
  // In addition to, not instead of, the bundled roots: LDP's public certificate must still verify.
  return [...rootCertificates, pem];
}
