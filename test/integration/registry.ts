// A real OCI registry on loopback for the push tests: Debian's docker-registry (the CNCF
// distribution registry), started by the test on 127.0.0.1 with a port of its own choosing and
// ended by its pid. Two ways to authenticate, as registries do:
//  - htpasswd: Basic credentials checked by the registry (a self-hosted registry);
//  - token: the registry sends clients to a token service (here one in the test process, which
//    checks Basic credentials and signs ES256 JWTs with a certificate the registry trusts), as
//    ghcr.io does.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPrivateKey, randomUUID, sign, X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createSelfSignedCertificate } from '../../src/sim/self-signed.js';

export interface RegistryUser {
  readonly user: string;
  readonly password: string;
}

export interface Registry {
  /** host:port */
  readonly address: string;
  /** Token requests the token service answered (token mode), with the user that asked. */
  readonly tokenRequests: { user: string | undefined; scope: string | null }[];
  stop(): Promise<void>;
}

const SERVICE = 'k8saudit-test-registry';
const ISSUER = 'k8saudit-test-token-service';

/** bcrypt at the lowest cost: the registry checks the hash on every request. */
function bcrypt(password: string): string {
  const script = 'import crypt, sys; print(crypt.crypt(sys.argv[1], crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=16)))';
  return execFileSync('python3', ['-W', 'ignore', '-c', script, password], { encoding: 'utf8' }).trim();
}

function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

function basicUser(header: string | undefined, account: RegistryUser): string | undefined {
  const m = /^Basic (.+)$/.exec(header ?? '');
  if (m === null) return undefined;
  return Buffer.from(m[1]!, 'base64').toString('utf8') === `${account.user}:${account.password}` ? account.user : undefined;
}

async function startTokenService(dir: string, account: RegistryUser, requests: Registry['tokenRequests']): Promise<{ server: Server; realm: string; bundle: string }> {
  const { key, cert } = createSelfSignedCertificate(1);
  const bundle = path.join(dir, 'token-ca.pem');
  fs.writeFileSync(bundle, cert);
  const x5c = new X509Certificate(cert).raw.toString('base64');
  const privateKey = createPrivateKey(key);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const user = basicUser(req.headers.authorization, account);
    const scope = url.searchParams.get('scope');
    requests.push({ user, scope });
    if (user === undefined) {
      res.writeHead(401, { 'Content-Type': 'application/json' }).end('{"details":"bad credentials"}');
      return;
    }
    const access = (scope ?? '').split(' ').filter(Boolean).map((s) => {
      const [type, name, actions] = s.split(':');
      return { type, name, actions: (actions ?? '').split(',') };
    });
    const now = Math.floor(Date.now() / 1000);
    const header = base64url(JSON.stringify({ typ: 'JWT', alg: 'ES256', x5c: [x5c] }));
    const claims = base64url(JSON.stringify({ iss: ISSUER, sub: user, aud: SERVICE, exp: now + 300, nbf: now - 10, iat: now, jti: randomUUID(), access }));
    const signature = sign('sha256', Buffer.from(`${header}.${claims}`), { key: privateKey, dsaEncoding: 'ieee-p1363' });
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ token: `${header}.${claims}.${base64url(signature)}` }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, realm: `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`, bundle };
}

/** Waits for the registry's "listening on" log line (it picks its port) or its exit. */
function listeningAddress(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let log = '';
    const onData = (b: Buffer): void => {
      log += b.toString('utf8');
      const m = /listening on (127\.0\.0\.1:\d+)/.exec(log);
      if (m !== null) {
        child.stderr?.off('data', onData);
        child.stderr?.resume();
        resolve(m[1]!);
      }
    };
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`docker-registry exited (${code}) before listening:\n${log}`)));
  });
}

export async function startRegistry(dir: string, auth: 'htpasswd' | 'token', account: RegistryUser): Promise<Registry> {
  const tokenRequests: Registry['tokenRequests'] = [];
  let tokenServer: Server | undefined;
  let authConfig: Record<string, unknown>;
  if (auth === 'htpasswd') {
    fs.writeFileSync(path.join(dir, 'htpasswd'), `${account.user}:${bcrypt(account.password)}\n`);
    authConfig = { htpasswd: { realm: SERVICE, path: path.join(dir, 'htpasswd') } };
  } else {
    const token = await startTokenService(dir, account, tokenRequests);
    tokenServer = token.server;
    authConfig = { token: { realm: token.realm, service: SERVICE, issuer: ISSUER, rootcertbundle: token.bundle } };
  }
  // JSON is YAML: the registry reads this as its config.yml.
  const config = {
    version: 0.1,
    log: { level: 'info', accesslog: { disabled: true } },
    storage: { filesystem: { rootdirectory: path.join(dir, 'storage') }, delete: { enabled: true } },
    http: { addr: '127.0.0.1:0' },
    auth: authConfig,
  };
  fs.writeFileSync(path.join(dir, 'config.yml'), JSON.stringify(config));
  const child = spawn('docker-registry', ['serve', path.join(dir, 'config.yml')], { stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, 'SIGTERM');
    await exited;
    await new Promise<void>((resolve) => (tokenServer ? tokenServer.close(() => resolve()) : resolve()));
  };
  try {
    return { address: await listeningAddress(child), tokenRequests, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
