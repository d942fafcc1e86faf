// One redaction rule on both sides: the JS one (src/util/redact.ts) and the shim's
// (native/core/redact.h, through the bridge addon) give the same answer on one shared table of
// cases, on every JavaScript whitespace character, and on generated mixes of the tricky pieces.
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { redactSecrets } from '../../../src/util/redact.js';
import { nativeRedactSecrets } from './addon.js';

interface RedactionCase {
  readonly name: string;
  readonly input: string;
  readonly expected: string;
}

const CASES = JSON.parse(
  fs.readFileSync(path.resolve(__dirname, '../../fixtures/redaction-cases.json'), 'utf8'),
) as RedactionCase[];

const IMPLEMENTATIONS: Array<[string, (text: string) => string]> = [
  ['JavaScript', redactSecrets],
  ['native', nativeRedactSecrets],
];

describe.each(IMPLEMENTATIONS)('%s redaction', (_name, redact) => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_case, c) => {
    expect(redact(c.input)).toBe(c.expected);
  });
});

describe('JavaScript and native redaction agree', () => {
  it('on where every whitespace character ends a token', () => {
    const disagreements: string[] = [];
    let spaces = 0;
    for (let code = 0; code <= 0xffff; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue; // lone surrogates do not cross into C++
      const c = String.fromCharCode(code);
      const text = `tk=ab${c}cd`;
      if (nativeRedactSecrets(text) !== redactSecrets(text)) disagreements.push(`U+${code.toString(16)}`);
      if (/\s/.test(c)) spaces++;
    }
    expect(disagreements).toEqual([]);
    expect(spaces).toBeGreaterThan(20);
  });

  it('on generated mixes of keys, separators and token characters', () => {
    const pieces = ['tk', 'TK', 'tK', '=', '%3D', '%3d', '%', '3', 'd', '&', ' ', '\u00a0', '\u3000', '"', "'", '`', '<', '>', '#', '+', '%2B', 'a', 'é', '\n', '?'];
    let seed = 42;
    const next = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 16) % n;
    };
    const disagreements: string[] = [];
    for (let i = 0; i < 5000; i++) {
      let text = '';
      for (let n = next(12) + 1; n > 0; n--) text += pieces[next(pieces.length)];
      if (nativeRedactSecrets(text) !== redactSecrets(text)) disagreements.push(text);
    }
    expect(disagreements).toEqual([]);
  });
});
