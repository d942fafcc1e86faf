// Pushes one artifact graph to a repository: every blob the registry lacks, each manifest of an
// index by its digest, then the root under the tag. Blobs and manifests already there are not
// sent again, so pushing the same artifact twice uploads nothing and leaves the same digest.
import { isManifestOrIndex, pushOrder, type ArtifactGraph } from './content.js';
import type { RegistryClient } from './registry-client.js';

export interface PushReport {
  /** Digest of the root (image index or manifest) the tag now points at. */
  readonly digest: string;
  readonly uploaded: number;
  readonly alreadyThere: number;
}

export async function pushArtifact(client: RegistryClient, graph: ArtifactGraph, tag: string): Promise<PushReport> {
  const read = (digest: string): Buffer => {
    const bytes = graph.blobs.get(digest);
    if (bytes === undefined) throw new Error(`blob ${digest} missing from the artifact`);
    return bytes;
  };
  let uploaded = 0;
  let alreadyThere = 0;
  for (const d of pushOrder(graph.root, read)) {
    if (d.digest === graph.root.digest) continue;
    const manifest = isManifestOrIndex(d);
    if (manifest ? await client.hasManifest(d.digest, d.mediaType) : await client.hasBlob(d.digest)) {
      alreadyThere++;
    } else {
      if (manifest) await client.putManifest(d.digest, d.mediaType, read(d.digest));
      else await client.uploadBlob(d.digest, read(d.digest));
      uploaded++;
    }
  }
  const digest = await client.putManifest(tag, graph.root.mediaType, read(graph.root.digest));
  return { digest, uploaded, alreadyThere };
}
