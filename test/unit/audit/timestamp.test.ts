// stageTimestamp parsing (spec §1.4).
import { describe, expect, it } from 'vitest';
import { UINT64_MAX, parseStageTimestamp } from '../../../src/audit/timestamp.js';

const ns = (iso: string): bigint => BigInt(Date.parse(iso)) * 1_000_000n;

describe('parseStageTimestamp', () => {
  it.each([
    ['2024-01-02T03:04:05Z', 1704164645000000000n],
    ['2024-01-02T03:04:05.123456Z', 1704164645123456000n],
    ['2024-01-02T03:04:05,5Z', 1704164645500000000n],
    ['2024-01-02T03:04:05.5-07:30', 1704191645500000000n],
    ['2024-01-02T03:04:05+02:00', 1704157445000000000n],
    ['2024-01-02T03:04:05.123456789123Z', 1704164645123456789n],
    ['2024-01-02T03:04:05.999999999999Z', 1704164645999999999n],
    ['1970-01-01T00:00:00Z', 0n],
    ['1969-12-31T23:59:59.5Z', 18446744073209551616n],
    ['1960-01-01T00:00:00Z', BigInt.asUintN(64, -315619200000000000n)],
    ['0001-01-01T00:00:00Z', UINT64_MAX],
    ['0001-01-01T01:00:00+01:00', UINT64_MAX],
    ['2024-02-29T00:00:00Z', ns('2024-02-29T00:00:00Z')],
    ['2000-02-29T23:59:59Z', ns('2000-02-29T23:59:59Z')],
    ['2262-04-11T23:47:16Z', ns('2262-04-11T23:47:16Z')],
    ['2024-01-02T3:04:05Z', 1704164645000000000n], // Go's fallback parser takes a one-digit hour
  ])('%s', (text, want) => {
    expect(parseStageTimestamp(text)).toBe(want);
  });

  it.each([
    '',
    '2024-01-02 03:04:05Z',
    '2024-01-02T03:04:05',
    '2024-01-02t03:04:05z',
    '2024-01-02T03:04:05z',
    '2024-02-30T03:04:05Z',
    '2023-02-29T03:04:05Z',
    '1900-02-29T03:04:05Z',
    '2024-13-02T03:04:05Z',
    '2024-00-02T03:04:05Z',
    '2024-01-00T03:04:05Z',
    '2024-01-02T24:00:00Z',
    '2024-01-02T03:60:05Z',
    '2024-01-02T03:04:60Z',
    '2024-01-02T03:04:05+0200',
    '2024-01-02T03:04:05+02',
    '2024-01-02T03:04:05.Z',
    '2024-01-02T03:04:05ZZ',
    '24-01-02T03:04:05Z',
    '2024-1-02T03:04:05Z',
    ' 2024-01-02T03:04:05Z',
    'x'.repeat(500),
  ])('rejects %j with a clear message', (text) => {
    expect(() => parseStageTimestamp(text)).toThrow(/^invalid stageTimestamp "/);
  });

  it('keeps error messages short', () => {
    try {
      parseStageTimestamp('y'.repeat(10000));
    } catch (e) {
      expect((e as Error).message.length).toBeLessThan(120);
    }
  });
});
