// index.yaml, the falcoctl index, must point at the repositories `npm run oci:push` writes: the
// last path component of a repository names the artifact pushed there.
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');

/** The top-level entries of index.yaml with their scalar keys (the file is a list of flat maps). */
function entries(): Record<string, string>[] {
  const list: Record<string, string>[] = [];
  for (const line of fs.readFileSync(path.join(ROOT, 'index.yaml'), 'utf8').split('\n')) {
    const m = /^(- |  )(\w+): (\S.*)$/.exec(line);
    if (m === null) continue;
    if (m[1] === '- ') list.push({});
    list[list.length - 1]![m[2]!] = m[3]!;
  }
  return list;
}

describe('falcoctl index', () => {
  it('lists the plugin and the rules artifact in the repositories they are pushed to', () => {
    const name = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { name: string }).name;
    const listed = entries().map((e) => ({ name: e['name'], type: e['type'], ref: `${e['registry']}/${e['repository']}` }));
    expect(listed).toEqual([
      { name, type: 'plugin', ref: `ghcr.io/k8saudit-ovh/plugins/plugin/${name}` },
      { name: `${name}-rules`, type: 'rulesfile', ref: `ghcr.io/k8saudit-ovh/plugins/ruleset/${name}-rules` },
    ]);
  });
});
