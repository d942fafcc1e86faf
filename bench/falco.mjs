// Real Falco in the benchmark: runs Falco once with a given plugin list and rules files over a
// capture that ends (a file source), and measures the whole run: wall time from spawn to exit,
// alerts printed, and Falco's peak RSS. Falco comes from FALCO_BIN, with the json plugin and the
// Go plugins in the plugins folder beside its bin/ folder (see README "Tests in real Falco").
//
// Peak RSS: with /usr/bin/time present, its maximum resident set size of Falco (getrusage of the
// child: exact), and Falco's CPU seconds (user + system, less sensitive to a busy machine than wall
// time); without it, the largest VmHWM read from /proc/<pid>/status every 20 ms until
// Falco exits (VmHWM is the process's own high-water mark, so only growth in the last 20 ms
// before the exit can be missed) and no CPU figure. The result names the method.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const TIME = '/usr/bin/time';

/** Falco and the plugins beside it, from FALCO_BIN; undefined when it is unset. */
export function falcoFromEnv(env = process.env) {
  const bin = env.FALCO_BIN;
  if (bin === undefined || bin === '') return undefined;
  const plugins = path.resolve(path.dirname(bin), '..', 'plugins');
  const falco = {
    bin: path.resolve(bin),
    json: path.join(plugins, 'libjson.so'),
    k8saudit: path.join(plugins, 'libk8saudit.so'),
  };
  for (const file of Object.values(falco)) if (!fs.existsSync(file)) throw new Error(`FALCO_BIN=${bin}: ${file} is missing`);
  return falco;
}

/** This plugin's entry (init_config as JSON text: Falco turns an empty YAML map into a value the schema refuses). */
export const ourPlugin = (library, openParams, initConfig = {}) => ({ name: 'k8saudit-ovh', library_path: library, init_config: JSON.stringify(initConfig), open_params: openParams });
/** Go k8saudit 0.18 reading a file, without its async extraction thread (it spins against Falco's on 2 cores). */
export const goK8sauditPlugin = (falco, openParams) => ({ name: 'k8saudit', library_path: falco.k8saudit, init_config: { useAsync: false }, open_params: openParams });
/** The json plugin as the examples load it. */
export const jsonPlugin = (falco) => ({ name: 'json', library_path: falco.json, init_config: { useAsync: false } });

/** JSON alerts on stdout, log on stderr, no webserver, nothing watched; `settings` win. */
export function falcoYaml(plugins, rulesFiles, settings = {}) {
  const config = {
    engine: { kind: 'nodriver' },
    rules_files: rulesFiles,
    plugins,
    load_plugins: plugins.map((p) => p.name),
    json_output: true,
    stdout_output: { enabled: true },
    buffered_outputs: false,
    log_stderr: true,
    log_syslog: false,
    watch_config_files: false,
    webserver: { enabled: false },
    ...settings,
  };
  // JSON is YAML: no YAML library needed here.
  return JSON.stringify(config, null, 1);
}

/**
 * Runs Falco to its end. `plugins`: falco.yaml plugin entries (the first is the event source);
 * `rulesFiles` in load order; `settings`: more falco.yaml keys. Resolves to
 * { wallSeconds, alerts, peakRssMiB, cpuSeconds, rssMethod }; rejects when Falco fails.
 */
export async function runFalco(falco, { plugins, rulesFiles, settings = {} }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-falco-'));
  const config = path.join(dir, 'falco.yaml');
  fs.writeFileSync(config, falcoYaml(plugins, rulesFiles, settings));
  const falcoArgs = ['-c', config, '--disable-source', 'syscall'];
  const timed = fs.existsSync(TIME);
  const rssFile = path.join(dir, 'maxrss');
  const started = process.hrtime.bigint();
  const child = timed ? spawn(TIME, ['-f', '%M %U %S', '-o', rssFile, falco.bin, ...falcoArgs], { stdio: ['ignore', 'pipe', 'pipe'] }) : spawn(falco.bin, falcoArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
  let alerts = 0;
  let partial = '';
  child.stdout.on('data', (b) => {
    const lines = (partial + b.toString('utf8')).split('\n');
    partial = lines.pop();
    for (const line of lines) if (line.startsWith('{') && line.includes('"rule":')) alerts += 1;
  });
  const err = [];
  child.stderr.on('data', (b) => err.push(b));
  let hwmKb = 0;
  const poll = timed
    ? undefined
    : setInterval(() => {
        try {
          const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
          if (m) hwmKb = Math.max(hwmKb, Number(m[1]));
        } catch {
          // Falco has exited: the last read stands.
        }
      }, 20);
  const code = await new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (poll) clearInterval(poll);
  try {
    if (code !== 0) throw new Error(`Falco exited with ${code}:\n${Buffer.concat(err).toString('utf8').slice(-2000)}`);
    if (!timed) return { wallSeconds, alerts, peakRssMiB: hwmKb / 1024, cpuSeconds: undefined, rssMethod: '/proc/<pid>/status VmHWM every 20 ms' };
    const [peakKb, user, system] = fs.readFileSync(rssFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
    return { wallSeconds, alerts, peakRssMiB: peakKb / 1024, cpuSeconds: user + system, rssMethod: `${TIME} (maximum resident set size)` };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
