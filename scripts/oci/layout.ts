// An OCI image layout on disk (oci-layout, index.json, blobs/sha256/<hex>): what `npm run package`
// writes to dist/oci and `npm run oci:push` reads. Each root in index.json is one artifact,
// named `<artifact>:<tag>` by its org.opencontainers.image.ref.name annotation.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pushOrder, sha256Digest, type ArtifactGraph, type Descriptor, type ImageIndex } from './content.js';
import { ANNOTATION_REF_NAME, OCI_INDEX } from './media-types.js';

export interface LayoutEntry {
  /** `<artifact name>:<tag>` */
  readonly refName: string;
  readonly graph: ArtifactGraph;
}

function blobPath(dir: string, digest: string): string {
  const [algorithm, hex] = digest.split(':');
  return join(dir, 'blobs', algorithm!, hex!);
}

/** Replaces `dir` with a layout holding these artifacts (written aside, then moved in place). */
export function writeLayout(dir: string, entries: readonly LayoutEntry[]): void {
  const staging = `${dir}.tmp`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(join(staging, 'blobs', 'sha256'), { recursive: true });
  for (const { graph } of entries) {
    for (const [digest, bytes] of graph.blobs) writeFileSync(blobPath(staging, digest), bytes);
  }
  const manifests = entries.map(({ refName, graph }) => ({ ...graph.root, annotations: { [ANNOTATION_REF_NAME]: refName } }));
  const index: ImageIndex = { schemaVersion: 2, mediaType: OCI_INDEX, manifests };
  writeFileSync(join(staging, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  writeFileSync(join(staging, 'index.json'), JSON.stringify(index, null, 2) + '\n');
  rmSync(`${dir}.old`, { recursive: true, force: true });
  if (existsSync(dir)) renameSync(dir, `${dir}.old`);
  renameSync(staging, dir);
  rmSync(`${dir}.old`, { recursive: true, force: true });
}

/** The artifacts of a layout by ref name, each with its blobs read and their digests checked. */
export function readLayout(dir: string): Map<string, ArtifactGraph> {
  if (!existsSync(join(dir, 'index.json'))) throw new Error(`no OCI image layout in ${dir}: run npm run package first`);
  const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as ImageIndex;
  const read = (digest: string): Buffer => {
    const bytes = readFileSync(blobPath(dir, digest));
    if (sha256Digest(bytes) !== digest) throw new Error(`${dir}: blob ${digest} does not match its digest`);
    return bytes;
  };
  const artifacts = new Map<string, ArtifactGraph>();
  for (const entry of index.manifests) {
    const refName = entry.annotations?.[ANNOTATION_REF_NAME];
    if (refName === undefined) continue;
    const { annotations: _layoutOnly, ...root } = entry;
    const blobs = new Map(pushOrder(root, read).map((d: Descriptor) => [d.digest, read(d.digest)] as const));
    artifacts.set(refName, { root, blobs });
  }
  return artifacts;
}
