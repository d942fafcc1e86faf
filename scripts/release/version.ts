// A release is a git tag v<major>.<minor>.<patch> equal to the version in package.json. Its
// artifacts are pushed under the tags falcosecurity gives its own: the version, <major>.<minor>
// (what falcoctl installs for `name:0.8`) and latest (what it installs for a bare name).
const RELEASE_TAG = /^v((0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*))$/;

/** The version a release tag stands for; throws, saying what to fix, unless it is `v` + packageVersion. */
export function releaseVersion(gitTag: string, packageVersion: string): string {
  const m = RELEASE_TAG.exec(gitTag);
  if (m === null) throw new Error(`release tag "${gitTag}" is not v<major>.<minor>.<patch> (e.g. v${packageVersion})`);
  if (m[1] !== packageVersion) {
    throw new Error(`release tag ${gitTag} does not match package.json version ${packageVersion}: set "version": "${m[1]}" in package.json and tag that commit, or tag v${packageVersion}`);
  }
  return packageVersion;
}

/** The registry tags of a release's artifacts: `X.Y.Z`, `X.Y`, `latest`. */
export function artifactTags(version: string): string[] {
  const m = RELEASE_TAG.exec(`v${version}`);
  if (m === null) throw new Error(`version "${version}" is not <major>.<minor>.<patch>`);
  return [version, `${m[2]}.${m[3]}`, 'latest'];
}
