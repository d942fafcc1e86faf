// Where a release pushes each artifact: falcosecurity's layout, which index.yaml follows,
// <registry>/<owner>/plugins/plugin/<name> and <registry>/<owner>/plugins/ruleset/<name>. The owner is
// the GitHub account the repository belongs to, lowercased: registry paths are lower case.
import type { ArtifactKind } from '../oci/artifacts.js';

const OWNER = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
const KIND_FOLDER: Readonly<Record<ArtifactKind, string>> = { plugin: 'plugin', rulesfile: 'ruleset' };

/** The registry namespace of a GitHub owner (`K8saudit-OVH` → `k8saudit-ovh`). */
export function registryOwner(githubOwner: string): string {
  const owner = githubOwner.toLowerCase();
  if (!OWNER.test(owner)) throw new Error(`registry owner "${githubOwner}" is not a GitHub account name`);
  return owner;
}

/** The repository (without registry) an artifact of this kind and name is pushed to. */
export function artifactRepository(owner: string, kind: ArtifactKind, name: string): string {
  return `${registryOwner(owner)}/plugins/${KIND_FOLDER[kind]}/${name}`;
}
