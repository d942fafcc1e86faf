// The calls of the OCI distribution API that pushing and pulling an artifact needs, for one
// repository: blob existence, monolithic blob upload (POST then PUT ?digest=), manifest PUT/GET,
// blob GET. A 401 is answered once with the challenge's authorization, which is then reused.
import { sha256Digest } from './content.js';
import { authorize, RegistryAuthError, type Credentials } from './registry-auth.js';
import { registryUrl, type ImageReference } from './reference.js';

export class RegistryError extends Error {}

export type Access = 'pull' | 'pull,push';

interface Request {
  readonly method: string;
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: Buffer;
}

export interface FetchedManifest {
  readonly mediaType: string;
  readonly bytes: Buffer;
}

export class RegistryClient {
  private readonly base: string;
  private authorization: string | undefined;

  constructor(
    private readonly ref: Pick<ImageReference, 'registry' | 'repository'>,
    private readonly credentials: Credentials | undefined,
    private readonly access: Access,
  ) {
    this.base = `${registryUrl(ref.registry)}/v2/${ref.repository}`;
  }

  async hasBlob(digest: string): Promise<boolean> {
    return this.exists({ method: 'HEAD', url: `${this.base}/blobs/${digest}` });
  }

  async hasManifest(digest: string, mediaType: string): Promise<boolean> {
    return this.exists({ method: 'HEAD', url: `${this.base}/manifests/${digest}`, headers: { Accept: mediaType } });
  }

  async uploadBlob(digest: string, bytes: Buffer): Promise<void> {
    const started = await this.send({ method: 'POST', url: `${this.base}/blobs/uploads/` }, [202]);
    const location = started.headers.get('location');
    if (location === null) throw new RegistryError(`${this.ref.registry} started an upload without a Location`);
    const url = new URL(location, this.base);
    url.searchParams.set('digest', digest);
    await this.send({ method: 'PUT', url: url.href, headers: { 'Content-Type': 'application/octet-stream' }, body: bytes }, [201]);
  }

  /** PUTs a manifest or index under a tag or its digest; returns its digest. */
  async putManifest(reference: string, mediaType: string, bytes: Buffer): Promise<string> {
    await this.send({ method: 'PUT', url: `${this.base}/manifests/${reference}`, headers: { 'Content-Type': mediaType }, body: bytes }, [201]);
    return sha256Digest(bytes);
  }

  async getManifest(reference: string, accept: readonly string[]): Promise<FetchedManifest> {
    const res = await this.send({ method: 'GET', url: `${this.base}/manifests/${reference}`, headers: { Accept: accept.join(', ') } }, [200]);
    return { mediaType: res.headers.get('content-type') ?? '', bytes: Buffer.from(await res.arrayBuffer()) };
  }

  async getBlob(digest: string): Promise<Buffer> {
    const res = await this.send({ method: 'GET', url: `${this.base}/blobs/${digest}` }, [200]);
    return Buffer.from(await res.arrayBuffer());
  }

  private async exists(request: Request): Promise<boolean> {
    const res = await this.send(request, [200, 404]);
    return res.status === 200;
  }

  private async send(request: Request, expected: readonly number[]): Promise<Response> {
    let res = await this.fetch(request);
    if (res.status === 401) {
      await res.arrayBuffer();
      const scope = `repository:${this.ref.repository}:${this.access}`;
      this.authorization = await authorize(res.headers.get('www-authenticate'), this.credentials, scope, this.ref.registry);
      res = await this.fetch(request);
      if (res.status === 401) {
        await res.arrayBuffer();
        throw new RegistryAuthError(
          this.credentials
            ? `${this.ref.registry} refused the credentials of REGISTRY_USER ${this.credentials.user} (HTTP 401): check REGISTRY_USER and REGISTRY_PASSWORD`
            : `${this.ref.registry} requires authentication: set REGISTRY_USER and REGISTRY_PASSWORD`,
        );
      }
    }
    if (!expected.includes(res.status)) {
      const detail = await errorDetail(res);
      throw new RegistryError(`${request.method} ${new URL(request.url).pathname} on ${this.ref.registry}: HTTP ${res.status}${detail}`);
    }
    return res;
  }

  private async fetch(request: Request): Promise<Response> {
    const headers: Record<string, string> = { ...request.headers };
    if (this.authorization !== undefined) headers['Authorization'] = this.authorization;
    try {
      return await fetch(request.url, { method: request.method, headers, ...(request.body ? { body: request.body } : {}) });
    } catch (err) {
      const cause = err instanceof Error && err.cause instanceof Error ? err.cause.message : String(err);
      throw new RegistryError(`cannot reach ${this.ref.registry} (${new URL(request.url).origin}): ${cause}`);
    }
  }
}

/** The registry's own error codes and messages (OCI distribution error body), if any. */
async function errorDetail(res: Response): Promise<string> {
  const text = await res.text();
  try {
    const errors = (JSON.parse(text) as { errors?: { code?: string; message?: string }[] }).errors ?? [];
    const parts = errors.map((e) => [e.code, e.message].filter(Boolean).join(': '));
    return parts.length > 0 ? ` (${parts.join('; ')})` : '';
  } catch {
    return '';
  }
}
