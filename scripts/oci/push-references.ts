// Pushes the artifacts of an image layout to registry references, each to the repository whose
// last path component names it (as falcoctl names artifacts after their repository). Shared by
// `npm run oci:push` and the release (scripts/release/publish.ts).
import type { ArtifactGraph } from './content.js';
import { pushArtifact, type PushReport } from './push.js';
import { artifactName, formatReference, type ImageReference } from './reference.js';
import type { Credentials } from './registry-auth.js';
import { RegistryClient } from './registry-client.js';

export interface PushedReference {
  readonly ref: ImageReference;
  readonly report: PushReport;
}

/** Artifacts of a layout (readLayout) by name: the ref name without its tag. */
export function artifactsByName(layout: ReadonlyMap<string, ArtifactGraph>): Map<string, ArtifactGraph> {
  return new Map([...layout].map(([refName, graph]) => [refName.slice(0, refName.lastIndexOf(':')), graph]));
}

/** `<ref> <digest> (<n> uploaded, <n> already there)`: the line `npm run oci:push` prints. */
export function describePush({ ref, report }: PushedReference): string {
  return `${formatReference(ref)} ${report.digest} (${report.uploaded} uploaded, ${report.alreadyThere} already there)`;
}

/**
 * Pushes to every reference in order, after checking each names an artifact of the layout read
 * from `layoutDir` (so a typo fails before anything is sent). `onPushed` hears of each push as it completes.
 */
export async function pushReferences(
  layout: ReadonlyMap<string, ArtifactGraph>,
  layoutDir: string,
  refs: readonly ImageReference[],
  credentials: Credentials | undefined,
  onPushed: (pushed: PushedReference) => void = () => undefined,
): Promise<PushedReference[]> {
  const byName = artifactsByName(layout);
  for (const ref of refs) {
    if (!byName.has(artifactName(ref))) {
      throw new Error(`${formatReference(ref)}: no artifact named ${artifactName(ref)} in ${layoutDir} (it has ${[...byName.keys()].join(', ')}); the repository's last path component names the artifact`);
    }
  }
  const pushed: PushedReference[] = [];
  for (const ref of refs) {
    const client = new RegistryClient(ref, credentials, 'pull,push');
    const report = await pushArtifact(client, byName.get(artifactName(ref))!, ref.tag);
    pushed.push({ ref, report });
    onPushed({ ref, report });
  }
  return pushed;
}
