// `<registry>/<repository>[:<tag>]` references, as falcoctl and docker write them.
export interface ImageReference {
  /** host[:port] */
  readonly registry: string;
  readonly repository: string;
  readonly tag: string;
}

const REPOSITORY = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;
const TAG = /^\w[\w.-]{0,127}$/;

export function parseReference(text: string): ImageReference {
  const slash = text.indexOf('/');
  if (slash <= 0) throw new Error(`"${text}" is not <registry>/<repository>[:<tag>]`);
  const registry = text.slice(0, slash);
  const rest = text.slice(slash + 1);
  const colon = rest.lastIndexOf(':');
  const repository = colon < 0 ? rest : rest.slice(0, colon);
  const tag = colon < 0 ? 'latest' : rest.slice(colon + 1);
  if (!REPOSITORY.test(repository)) throw new Error(`"${repository}" is not a valid repository name (lower case, / separated)`);
  if (!TAG.test(tag)) throw new Error(`"${tag}" is not a valid tag`);
  return { registry, repository, tag };
}

export function formatReference(ref: ImageReference): string {
  return `${ref.registry}/${ref.repository}:${ref.tag}`;
}

/** The artifact a repository holds is named by its last path component (falcoctl's NameFromRef). */
export function artifactName(ref: ImageReference): string {
  return ref.repository.slice(ref.repository.lastIndexOf('/') + 1);
}

/** Registries on loopback are spoken to in plain HTTP (a local test registry); others in HTTPS. */
export function registryUrl(registry: string): string {
  const host = registry.replace(/:\d+$/, '');
  const loopback = host === 'localhost' || /^127\.\d+\.\d+\.\d+$/.test(host) || host === '[::1]';
  return `${loopback ? 'http' : 'https'}://${registry}`;
}
