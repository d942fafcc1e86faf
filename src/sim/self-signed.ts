// A throwaway self-signed certificate for the simulator's wss:// mode, made with Node's crypto
// alone (Node has no X.509 writer, so the few DER structures needed are encoded here).
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';

export interface SelfSignedCertificate {
  /** PEM private key (PKCS#8). */
  readonly key: string;
  /** PEM certificate; trust it on the client (e.g. the LDP source's caFile). */
  readonly cert: string;
}

/**
 * EC P-256 key and certificate valid from one hour ago for `days` days, CN=ldp-simulator,
 * subjectAltName localhost, 127.0.0.1, ::1 and any `extraDnsNames` (e.g. a name reached through a
 * proxy), basicConstraints CA:TRUE so it can be its own anchor.
 */
export function createSelfSignedCertificate(days = 30, extraDnsNames: readonly string[] = []): SelfSignedCertificate {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const now = Date.now();
  const name = seq(set(seq(oid('2.5.4.3'), tlv(0x0c, Buffer.from('ldp-simulator', 'utf8')))));
  const ecdsaWithSha256 = seq(oid('1.2.840.10045.4.3.2'));
  const serial = randomBytes(16);

  const basicConstraints = seq(oid('2.5.29.19'), tlv(0x01, Buffer.from([0xff])), octets(seq(tlv(0x01, Buffer.from([0xff])))));
  const subjectAltName = seq(
    oid('2.5.29.17'),
    octets(
      seq(
        tlv(0x82, Buffer.from('localhost', 'ascii')),
        ...extraDnsNames.map((name) => tlv(0x82, Buffer.from(name, 'ascii'))),
        tlv(0x87, Buffer.from([127, 0, 0, 1])),
        tlv(0x87, Buffer.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1])),
      ),
    ),
  );

  const tbs = seq(
    tlv(0xa0, derUnsignedInteger(Buffer.from([2]))),
    derUnsignedInteger(serial),
    ecdsaWithSha256,
    name,
    seq(time(new Date(now - 3_600_000)), time(new Date(now + days * 86_400_000))),
    name,
    spki,
    tlv(0xa3, seq(basicConstraints, subjectAltName)),
  );
  const signature = sign('sha256', tbs, privateKey);
  const der = seq(tbs, ecdsaWithSha256, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
  return {
    key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    cert: pem('CERTIFICATE', der),
  };
}

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), length(content.length), content]);
}

function seq(...items: Buffer[]): Buffer {
  return tlv(0x30, Buffer.concat(items));
}

function set(...items: Buffer[]): Buffer {
  return tlv(0x31, Buffer.concat(items));
}

function octets(content: Buffer): Buffer {
  return tlv(0x04, content);
}

/** DER INTEGER of a big-endian unsigned value: minimal (no leading zero bytes, which OpenSSL
 *  rejects as "illegal padding"), with one 0x00 added when the top bit would make it negative. */
export function derUnsignedInteger(unsigned: Buffer): Buffer {
  let start = 0;
  while (start < unsigned.length - 1 && unsigned[start] === 0) start++;
  const minimal = unsigned.subarray(start);
  const needsPad = minimal.length === 0 || ((minimal[0] ?? 0) & 0x80) !== 0;
  return tlv(0x02, needsPad ? Buffer.concat([Buffer.from([0]), minimal]) : minimal);
}

function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number);
  const bytes: number[] = [40 * (parts[0] ?? 0) + (parts[1] ?? 0)];
  for (const part of parts.slice(2)) {
    const chunk: number[] = [part & 0x7f];
    for (let v = Math.floor(part / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift(0x80 | (v & 0x7f));
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}

function time(date: Date): Buffer {
  const iso = date.toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ
  const digits = iso.slice(0, 19).replace(/[-T:]/g, '');
  const year = date.getUTCFullYear();
  // RFC 5280: UTCTime up to 2049, GeneralizedTime from 2050.
  return year < 2050 ? tlv(0x17, Buffer.from(`${digits.slice(2)}Z`, 'ascii')) : tlv(0x18, Buffer.from(`${digits}Z`, 'ascii'));
}

function pem(label: string, der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
