// npm run oci:push -- <registry>/<repository>:<tag> [...]
// Pushes the artifacts `npm run package` wrote to dist/oci. The repository's last path component
// names the artifact (k8saudit-ovh: the plugin, k8saudit-ovh-rules: the rules), as falcoctl names
// artifacts after their repository. Credentials: REGISTRY_USER / REGISTRY_PASSWORD (never printed).
import { resolve } from 'node:path';
import { readLayout } from './layout.js';
import { pushArtifact } from './push.js';
import { artifactName, formatReference, parseReference } from './reference.js';
import { credentialsFromEnv } from './registry-auth.js';
import { RegistryClient } from './registry-client.js';

async function main(args: readonly string[]): Promise<void> {
  if (args.length === 0) throw new Error('usage: npm run oci:push -- <registry>/<repository>:<tag> [...]');
  const credentials = credentialsFromEnv();
  const layout = readLayout(resolve('dist/oci'));
  const byName = new Map([...layout].map(([refName, graph]) => [refName.slice(0, refName.lastIndexOf(':')), graph]));
  const refs = args.map(parseReference);
  for (const ref of refs) {
    if (!byName.has(artifactName(ref))) {
      throw new Error(`${formatReference(ref)}: no artifact named ${artifactName(ref)} in dist/oci (it has ${[...byName.keys()].join(', ')}); the repository's last path component names the artifact`);
    }
  }
  for (const ref of refs) {
    const client = new RegistryClient(ref, credentials, 'pull,push');
    const report = await pushArtifact(client, byName.get(artifactName(ref))!, ref.tag);
    console.log(`${formatReference(ref)} ${report.digest} (${report.uploaded} uploaded, ${report.alreadyThere} already there)`);
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(`oci:push: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
