import { X509Certificate, createPrivateKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSelfSignedCertificate, derUnsignedInteger } from '../../../src/sim/self-signed.js';

const hex = (b: Buffer): string => b.toString('hex');

describe('self-signed certificate', () => {
  it('encodes DER integers minimally, padding only a set top bit', () => {
    expect(hex(derUnsignedInteger(Buffer.from([2])))).toBe('020102');
    expect(hex(derUnsignedInteger(Buffer.from([0x80])))).toBe('02020080');
    // A random serial can start with zero bytes; DER forbids them (OpenSSL: "illegal padding").
    expect(hex(derUnsignedInteger(Buffer.from([0, 0x12, 0x34])))).toBe('02021234');
    expect(hex(derUnsignedInteger(Buffer.from([0, 0, 0x92])))).toBe('02020092');
    expect(hex(derUnsignedInteger(Buffer.from([0, 0])))).toBe('020100');
  });

  it('every generated certificate parses (random serials hit every leading-byte case)', () => {
    // One in 256 serials used to start 0x00 <0x80, which OpenSSL refused; 600 draws make that
    // near-certain to appear if the encoding regresses.
    for (let i = 0; i < 600; i++) {
      const { key, cert } = createSelfSignedCertificate();
      const parsed = new X509Certificate(cert);
      expect(parsed.checkPrivateKey(createPrivateKey(key))).toBe(true);
      expect(parsed.verify(parsed.publicKey)).toBe(true);
    }
  });
});
