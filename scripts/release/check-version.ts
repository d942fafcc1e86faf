// node scripts/run-ts.mjs scripts/release/check-version.ts <git tag>
// First step of a release: the tag must be v + the version in package.json. Prints the version and
// the registry tags its artifacts get; fails with what to fix otherwise.
import { readFileSync } from 'node:fs';
import { artifactTags, releaseVersion } from './version.js';

try {
  const [gitTag] = process.argv.slice(2);
  if (gitTag === undefined) throw new Error('usage: check-version.ts <git tag, e.g. v1.2.3>');
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
  const version = releaseVersion(gitTag, pkg.version);
  console.log(`release ${version}: artifacts tagged ${artifactTags(version).join(', ')}`);
} catch (err) {
  console.error(`release: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
