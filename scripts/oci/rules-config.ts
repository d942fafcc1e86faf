// The rulesfile artifact's config, read from the rules files themselves as falcoctl does:
// `required_engine_version` becomes the requirement `engine_version_semver` (an integer N means
// 0.N.0), `required_plugin_versions` the dependencies. An entry that names our plugin, itself or
// among its alternatives, becomes a dependency on our plugin alone: that is what this artifact is
// installed with, and falcoctl would otherwise try to install the first-named plugin.
import { ENGINE_REQUIREMENT, type ArtifactConfig, type Dependency, type Requirement } from './artifacts.js';

export interface RulesFile {
  readonly path: string;
  readonly text: string;
}

export function rulesfileConfig(name: string, version: string, files: readonly RulesFile[], plugin: Requirement): ArtifactConfig {
  const engine = files.map(engineVersion).filter((v): v is string => v !== undefined).sort(compareSemver).pop();
  if (engine === undefined) throw new Error(`no required_engine_version in ${files.map((f) => f.path).join(', ')}`);
  const byName = new Map<string, Dependency>();
  for (const file of files) {
    for (const entry of pluginVersions(file)) {
      const dependency = forPlugin(entry, plugin);
      const known = byName.get(dependency.name);
      if (known === undefined || compareSemver(known.version, dependency.version) < 0) byName.set(dependency.name, dependency);
    }
  }
  const ours = byName.get(plugin.name);
  if (ours !== undefined && compareSemver(ours.version, plugin.version) > 0) {
    throw new Error(`the rules require ${plugin.name} ${ours.version}, newer than the plugin packaged with them (${plugin.version})`);
  }
  const dependencies = [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { name, version, dependencies, requirements: [{ name: ENGINE_REQUIREMENT, version: engine }] };
}

function forPlugin(entry: Dependency, plugin: Requirement): Dependency {
  if (entry.name === plugin.name) return { name: plugin.name, version: entry.version };
  const alternative = entry.alternatives?.find((a) => a.name === plugin.name);
  return alternative !== undefined ? { name: plugin.name, version: alternative.version } : entry;
}

function engineVersion(file: RulesFile): string | undefined {
  const match = /^- required_engine_version:\s*(\S+)/m.exec(file.text);
  if (match === null) return undefined;
  const value = unquote(match[1]!);
  if (/^\d+$/.test(value)) return `0.${value}.0`;
  if (SEMVER.test(value)) return value;
  throw new Error(`${file.path}: required_engine_version ${value} is neither an integer nor a semver`);
}

interface Entry {
  name?: string;
  version?: string;
  alternatives?: Entry[];
}

/**
 * The `- required_plugin_versions:` blocks of a rules file. Only the block form the Falco rules
 * use is read (`- name:`, `version:`, `alternatives:` one per line); anything else is an error
 * rather than a dependency silently lost.
 */
function pluginVersions(file: RulesFile): Dependency[] {
  const lines = file.text.split('\n');
  const entries: Entry[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^- required_plugin_versions:\s*(#.*)?$/.test(lines[i]!)) continue;
    let entryIndent = -1;
    let entry: Entry | undefined;
    let current: Entry | undefined; // the entry or the alternative being read
    for (i++; i < lines.length; i++) {
      const line = lines[i]!.replace(/\s+#.*$/, '');
      if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
      if (!line.startsWith(' ')) {
        i--;
        break;
      }
      const m = /^(\s*)(- )?([A-Za-z_]+):\s*(.*)$/.exec(line);
      if (m === null) throw new Error(`${file.path}:${i + 1}: unsupported form in required_plugin_versions: ${line.trim()}`);
      const indent = m[1]!.length;
      const [isItem, key, value] = [m[2] !== undefined, m[3]!, unquote(m[4]!.trim())];
      if (isItem && key === 'name') {
        if (entryIndent < 0) entryIndent = indent;
        current = { name: value };
        if (indent === entryIndent) {
          entry = current;
          entries.push(entry);
        } else if (entry?.alternatives !== undefined) {
          entry.alternatives.push(current);
        } else {
          throw new Error(`${file.path}:${i + 1}: an alternative outside alternatives:`);
        }
      } else if (!isItem && key === 'version' && value !== '' && entry !== undefined) {
        // The entry's own keys sit just past its "- "; deeper ones belong to its alternative.
        (indent > entryIndent + 2 && current !== undefined ? current : entry).version = value;
      } else if (!isItem && key === 'alternatives' && value === '' && entry !== undefined && indent === entryIndent + 2) {
        entry.alternatives = [];
      } else {
        throw new Error(`${file.path}:${i + 1}: unsupported form in required_plugin_versions: ${line.trim()}`);
      }
    }
  }
  return entries.map((e) => complete(e, file.path));
}

function complete(entry: Entry, path: string): Dependency {
  if (entry.name === undefined || entry.version === undefined || !SEMVER.test(entry.version)) {
    throw new Error(`${path}: required_plugin_versions entry ${JSON.stringify(entry)} needs a name and a semver version`);
  }
  const alternatives = entry.alternatives?.map((a) => complete(a, path));
  return alternatives === undefined ? { name: entry.name, version: entry.version } : { name: entry.name, version: entry.version, alternatives };
}

const SEMVER = /^(\d+)\.(\d+)\.(\d+)$/;

export function compareSemver(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let k = 0; k < 3; k++) {
    const d = (pa[k] ?? 0) - (pb[k] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function unquote(value: string): string {
  return /^(['"]).*\1$/.test(value) ? value.slice(1, -1) : value;
}
