// Content-addressed pieces of an OCI artifact: descriptors, and the graph of blobs behind a root
// (an image index or a manifest) as an image layout stores it and a registry receives it.
import { createHash } from 'node:crypto';
import { OCI_INDEX, OCI_MANIFEST } from './media-types.js';

export interface Platform {
  readonly architecture: string;
  readonly os: string;
}

export interface Descriptor {
  readonly mediaType: string;
  readonly digest: string;
  readonly size: number;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly platform?: Platform;
}

export interface Manifest {
  readonly schemaVersion: 2;
  readonly mediaType: string;
  readonly config: Descriptor;
  readonly layers: readonly Descriptor[];
  readonly annotations?: Readonly<Record<string, string>>;
}

export interface ImageIndex {
  readonly schemaVersion: 2;
  readonly mediaType: string;
  readonly manifests: readonly Descriptor[];
  readonly annotations?: Readonly<Record<string, string>>;
}

/** One artifact: its root descriptor and every blob reachable from it, by digest. */
export interface ArtifactGraph {
  readonly root: Descriptor;
  readonly blobs: ReadonlyMap<string, Buffer>;
}

export function sha256Digest(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** Collects blobs and returns their descriptors. */
export class BlobSet {
  readonly blobs = new Map<string, Buffer>();

  add(mediaType: string, bytes: Buffer, extra: Partial<Pick<Descriptor, 'annotations' | 'platform'>> = {}): Descriptor {
    const digest = sha256Digest(bytes);
    this.blobs.set(digest, bytes);
    return { mediaType, digest, size: bytes.length, ...extra };
  }

  /** JSON documents are stored compact, as falcoctl (Go's json.Marshal) writes them. */
  addJson(mediaType: string, value: unknown, extra: Partial<Pick<Descriptor, 'annotations' | 'platform'>> = {}): Descriptor {
    return this.add(mediaType, Buffer.from(JSON.stringify(value)), extra);
  }
}

/**
 * The descriptors of a graph, children before parents (layers and configs, then each manifest,
 * the root last): the order a registry accepts them in, since it checks what a manifest refers to.
 */
export function pushOrder(root: Descriptor, read: (digest: string) => Buffer): Descriptor[] {
  const children = (d: Descriptor): Descriptor[] => {
    if (d.mediaType === OCI_INDEX) {
      const index = JSON.parse(read(d.digest).toString('utf8')) as ImageIndex;
      return [...index.manifests.flatMap(children), d];
    }
    if (d.mediaType === OCI_MANIFEST) {
      const manifest = JSON.parse(read(d.digest).toString('utf8')) as Manifest;
      return [manifest.config, ...manifest.layers, d];
    }
    return [d];
  };
  // The platforms' manifests share their config blob: each blob once.
  const seen = new Set<string>();
  return children(root).filter((d) => !seen.has(d.digest) && seen.add(d.digest));
}

export function isManifestOrIndex(descriptor: Descriptor): boolean {
  return descriptor.mediaType === OCI_INDEX || descriptor.mediaType === OCI_MANIFEST;
}
