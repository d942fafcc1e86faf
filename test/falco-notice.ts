// vitest global setup: one line, once per run, when the tests in real Falco are skipped.
import { FALCO_SKIP_NOTICE, falcoInstall } from './integration/falco-env.js';

export default function setup(): void {
  if (falcoInstall() === undefined) console.log(FALCO_SKIP_NOTICE);
}
