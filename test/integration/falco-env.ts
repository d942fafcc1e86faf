// Where real Falco is: FALCO_BIN names the falco binary; the Go plugins it is compared with and the
// json plugin are in the plugins folder beside its bin/ folder. `.ci/run` sets it; where it is
// unset, the tests that need Falco are skipped (test/falco-notice.ts prints how to run them once).
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface FalcoInstall {
  /** The falco binary. */
  readonly bin: string;
  /** json plugin 0.7: the jevt.* fields the upstream rules need. */
  readonly json: string;
  /** Go k8saudit 0.18.0 (ID 1): the reference for ka.* values and alerts. */
  readonly k8saudit: string;
  /** The upstream Go k8saudit-ovh 0.6.0 (ID 22). */
  readonly k8sauditOvhGo: string;
}

export const FALCO_BIN_VARIABLE = 'FALCO_BIN';

export const FALCO_SKIP_NOTICE =
  `${FALCO_BIN_VARIABLE} is not set: the tests in real Falco are skipped. ` +
  `Run them with ${FALCO_BIN_VARIABLE}=/path/to/falco npm test (Falco 0.44.1, its plugins folder with libjson.so, libk8saudit.so and libk8saudit-ovh-go.so beside its bin/ folder).`;

/** The Falco install named by FALCO_BIN, or undefined when it is unset. Throws when it is set but broken. */
export function falcoInstall(env: NodeJS.ProcessEnv = process.env): FalcoInstall | undefined {
  const bin = env[FALCO_BIN_VARIABLE];
  if (bin === undefined || bin === '') return undefined;
  const plugins = path.resolve(path.dirname(bin), '..', 'plugins');
  const install: FalcoInstall = {
    bin: path.resolve(bin),
    json: path.join(plugins, 'libjson.so'),
    k8saudit: path.join(plugins, 'libk8saudit.so'),
    k8sauditOvhGo: path.join(plugins, 'libk8saudit-ovh-go.so'),
  };
  for (const file of Object.values(install)) {
    if (!fs.existsSync(file)) throw new Error(`${FALCO_BIN_VARIABLE}=${bin}: ${file} is missing`);
  }
  return install;
}

/** For describe.skipIf: true when there is no Falco to run. */
export const noFalco = falcoInstall() === undefined;
