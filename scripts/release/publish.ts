// node scripts/run-ts.mjs scripts/release/publish.ts --git-tag vX.Y.Z --registry ghcr.io --owner <GitHub owner> --digests <file>
// The release's push: each artifact of dist/oci (written by `npm run package`) to its repository
// (repositories.ts) under each tag of the release (version.ts), with the push code of
// `npm run oci:push` and its credentials (REGISTRY_USER / REGISTRY_PASSWORD, never printed).
// Prints one line per push as oci:push does, and writes <file>: one
// <registry>/<repository>@<digest> line per artifact, the digest its tags point at, which falcoctl
// verifies and scripts/release/sign.sh signs.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { artifactKind } from '../oci/artifacts.js';
import { readLayout } from '../oci/layout.js';
import { artifactsByName, describePush, pushReferences } from '../oci/push-references.js';
import { parseReference } from '../oci/reference.js';
import { credentialsFromEnv } from '../oci/registry-auth.js';
import { artifactRepository } from './repositories.js';
import { artifactTags, releaseVersion } from './version.js';

const LAYOUT_DIR = 'dist/oci';

function required(value: string | undefined, flag: string): string {
  if (value === undefined || value === '') throw new Error(`missing ${flag}`);
  return value;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { 'git-tag': { type: 'string' }, registry: { type: 'string' }, owner: { type: 'string' }, digests: { type: 'string' } },
  });
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
  const version = releaseVersion(required(values['git-tag'], '--git-tag'), pkg.version);
  const registry = required(values.registry, '--registry');
  const owner = required(values.owner, '--owner');
  const digestsFile = required(values.digests, '--digests');
  const credentials = credentialsFromEnv();

  const layout = readLayout(resolve(LAYOUT_DIR));
  if (![...layout.keys()].every((refName) => refName.endsWith(`:${version}`))) {
    throw new Error(`${LAYOUT_DIR} holds ${[...layout.keys()].join(', ')}, not version ${version}: run npm run package`);
  }
  const refs = [...artifactsByName(layout)].flatMap(([name, graph]) =>
    artifactTags(version).map((tag) => parseReference(`${registry}/${artifactRepository(owner, artifactKind(graph), name)}:${tag}`)),
  );
  const pushed = await pushReferences(layout, LAYOUT_DIR, refs, credentials, (p) => console.log(describePush(p)));

  const signed = [...new Set(pushed.map(({ ref, report }) => `${ref.registry}/${ref.repository}@${report.digest}`))];
  mkdirSync(dirname(resolve(digestsFile)), { recursive: true });
  writeFileSync(digestsFile, signed.map((line) => `${line}\n`).join(''));
  console.log(`${signed.length} digests to sign written to ${digestsFile}`);
}

main().catch((err: unknown) => {
  console.error(`release: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
