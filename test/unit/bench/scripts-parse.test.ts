// The benchmark scripts are plain JavaScript that no test runs (they take minutes): at least each
// must parse, so a broken merge shows here and not at the next `npm run bench`.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const BENCH = path.resolve(__dirname, '../../../bench');
const scripts = fs.readdirSync(BENCH).filter((f) => f.endsWith('.mjs'));

describe('bench scripts', () => {
  it.each(scripts)('%s parses', (script) => {
    const check = spawnSync(process.execPath, ['--check', path.join(BENCH, script)], { encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });

  it('a script that does not parse is caught', () => {
    const check = spawnSync(process.execPath, ['--check', '--input-type=module', '-e', 'if (true) {'], { encoding: 'utf8' });
    expect(check.status).not.toBe(0);
  });
});
