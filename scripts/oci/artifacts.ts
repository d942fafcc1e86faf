// The two artifacts falcoctl installs from us, shaped as falcoctl's pusher makes them: the plugin
// as an image index with one manifest per platform, the rules as one manifest. Each manifest has
// the JSON config (name, version, dependencies, requirements) and one tar.gz layer whose title is
// the file name falcoctl saves it under before extracting it.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { BlobSet, type ArtifactGraph, type Descriptor, type ImageIndex, type Manifest, type Platform } from './content.js';
import * as mt from './media-types.js';

/** The requirement names falcoctl checks: the plugin API a plugin needs, the engine rules need. */
export const PLUGIN_API_REQUIREMENT = 'plugin_api_version';
export const ENGINE_REQUIREMENT = 'engine_version_semver';

export interface Requirement {
  readonly name: string;
  readonly version: string;
}

export interface Dependency {
  readonly name: string;
  readonly version: string;
  readonly alternatives?: readonly Requirement[];
}

/** falcoctl's ArtifactConfig, keys in the order Go writes them. */
export interface ArtifactConfig {
  readonly name: string;
  readonly version: string;
  readonly dependencies?: readonly Dependency[];
  readonly requirements?: readonly Requirement[];
}

export interface PlatformBuild {
  readonly platform: Platform;
  readonly tarball: string;
}

export function pluginArtifact(config: ArtifactConfig, builds: readonly PlatformBuild[], source: string): ArtifactGraph {
  const blobs = new BlobSet();
  const annotations = { [mt.ANNOTATION_SOURCE]: source };
  const manifests = builds.map(({ platform, tarball }) =>
    blobs.addJson(mt.OCI_MANIFEST, manifest(blobs, mt.PLUGIN_CONFIG, config, mt.PLUGIN_LAYER, tarball, annotations), { platform }),
  );
  const index: ImageIndex = { schemaVersion: 2, mediaType: mt.OCI_INDEX, manifests, annotations };
  return { root: blobs.addJson(mt.OCI_INDEX, index), blobs: blobs.blobs };
}

export function rulesfileArtifact(config: ArtifactConfig, tarball: string, source: string): ArtifactGraph {
  const blobs = new BlobSet();
  const annotations = { [mt.ANNOTATION_SOURCE]: source };
  const root = blobs.addJson(mt.OCI_MANIFEST, manifest(blobs, mt.RULESFILE_CONFIG, config, mt.RULESFILE_LAYER, tarball, annotations));
  return { root, blobs: blobs.blobs };
}

function manifest(
  blobs: BlobSet,
  configType: string,
  config: ArtifactConfig,
  layerType: string,
  tarball: string,
  annotations: Record<string, string>,
): Manifest {
  const configDescriptor: Descriptor = blobs.addJson(configType, config, { annotations: { [mt.ANNOTATION_TITLE]: 'config' } });
  const layer = blobs.add(layerType, readFileSync(tarball), { annotations: { [mt.ANNOTATION_TITLE]: basename(tarball) } });
  return { schemaVersion: 2, mediaType: mt.OCI_MANIFEST, config: configDescriptor, layers: [layer], annotations };
}

export type ArtifactKind = 'plugin' | 'rulesfile';

/** Which of the two an artifact is, by its config's media type (for the plugin: its platforms'). */
export function artifactKind(graph: ArtifactGraph): ArtifactKind {
  const json = <T>(digest: string): T => JSON.parse(graph.blobs.get(digest)?.toString('utf8') ?? 'null') as T;
  const manifestDigest = graph.root.mediaType === mt.OCI_INDEX ? json<ImageIndex>(graph.root.digest).manifests[0]?.digest : graph.root.digest;
  const configType = manifestDigest === undefined ? undefined : json<Manifest | null>(manifestDigest)?.config.mediaType;
  if (configType === mt.PLUGIN_CONFIG) return 'plugin';
  if (configType === mt.RULESFILE_CONFIG) return 'rulesfile';
  throw new Error(`artifact ${graph.root.digest} is neither a Falco plugin nor a rules file (config ${configType ?? 'missing'})`);
}
