// Writes dist/oci, the OCI image layout of what falcoctl installs from us (run by
// scripts/package.sh after it made the tarballs):
//   <name>:<version>        the plugin: an image index with one manifest per platform
//   <name>-rules:<version>  the rules: one manifest
// Name, version and source come from package.json; the plugin API version the plugin requires,
// from the plugin itself (`k8saudit-host --info`, as falcosecurity's registry tooling loads it).
// Usage: build-layout.ts --info <host --info JSON file> --plugin <os/arch>=<tar.gz> ...
//                        --rules <tar.gz> --rules-dir <folder of the .yaml files in it>
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PLUGIN_API_REQUIREMENT, pluginArtifact, rulesfileArtifact, type PlatformBuild } from './artifacts.js';
import { writeLayout } from './layout.js';
import { rulesfileConfig } from './rules-config.js';

interface PackageJson {
  readonly name: string;
  readonly version: string;
  readonly repository: { readonly url: string };
}

interface PluginInfo {
  readonly name: string;
  readonly version: string;
  readonly required_api_version: string;
}

function main(): void {
  const { values } = parseArgs({
    options: {
      info: { type: 'string' },
      plugin: { type: 'string', multiple: true },
      rules: { type: 'string' },
      'rules-dir': { type: 'string' },
      out: { type: 'string', default: 'dist/oci' },
    },
  });
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as PackageJson;
  const info = JSON.parse(readFileSync(required(values.info, '--info'), 'utf8')) as PluginInfo;
  if (info.name !== pkg.name || info.version !== pkg.version) {
    throw new Error(`the built plugin is ${info.name} ${info.version}, package.json says ${pkg.name} ${pkg.version}: rebuild`);
  }
  const builds: PlatformBuild[] = (values.plugin ?? []).map((spec) => {
    const m = /^(\w+)\/(\w+)=(.+)$/.exec(spec);
    if (m === null) throw new Error(`--plugin ${spec}: expected <os>/<arch>=<tar.gz>`);
    return { platform: { architecture: m[2]!, os: m[1]! }, tarball: m[3]! };
  });
  if (builds.length === 0) throw new Error('no --plugin <os>/<arch>=<tar.gz>');
  const source = pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
  const plugin = pluginArtifact(
    { name: pkg.name, version: pkg.version, requirements: [{ name: PLUGIN_API_REQUIREMENT, version: info.required_api_version }] },
    builds,
    source,
  );
  const rulesDir = required(values['rules-dir'], '--rules-dir');
  const files = readdirSync(rulesDir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => ({ path: join(rulesDir, f), text: readFileSync(join(rulesDir, f), 'utf8') }));
  const rulesName = `${pkg.name}-rules`;
  const rulesConfig = rulesfileConfig(rulesName, pkg.version, files, { name: pkg.name, version: pkg.version });
  const rules = rulesfileArtifact(rulesConfig, required(values.rules, '--rules'), source);
  writeLayout(values.out!, [
    { refName: `${pkg.name}:${pkg.version}`, graph: plugin },
    { refName: `${rulesName}:${pkg.version}`, graph: rules },
  ]);
}

function required(value: string | undefined, flag: string): string {
  if (value === undefined) throw new Error(`missing ${flag}`);
  return value;
}

try {
  main();
} catch (err) {
  console.error(`build-layout: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
