// npm run oci:push -- <registry>/<repository>:<tag> [...]
// Pushes the artifacts `npm run package` wrote to dist/oci. The repository's last path component
// names the artifact (k8saudit-ovh: the plugin, k8saudit-ovh-rules: the rules), as falcoctl names
// artifacts after their repository. Credentials: REGISTRY_USER / REGISTRY_PASSWORD (never printed).
import { resolve } from 'node:path';
import { readLayout } from './layout.js';
import { describePush, pushReferences } from './push-references.js';
import { parseReference } from './reference.js';
import { credentialsFromEnv } from './registry-auth.js';

const LAYOUT_DIR = 'dist/oci';

async function main(args: readonly string[]): Promise<void> {
  if (args.length === 0) throw new Error('usage: npm run oci:push -- <registry>/<repository>:<tag> [...]');
  const credentials = credentialsFromEnv();
  const layout = readLayout(resolve(LAYOUT_DIR));
  await pushReferences(layout, LAYOUT_DIR, args.map(parseReference), credentials, (pushed) => console.log(describePush(pushed)));
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(`oci:push: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
