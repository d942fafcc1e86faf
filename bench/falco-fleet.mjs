// Several MKS clusters in one real Falco: peak RSS of Falco reading 1 and 5 LDP streams (each a
// simulator process on loopback feeding the sample MKS events at the same rate), with the upstream
// ruleset, the MKS overlay and the json plugin as in examples/falco.yaml. Needs FALCO_BIN (the
// plugins folder beside Falco's bin/ folder holds libjson.so).
// Run: FALCO_BIN=/path/to/falco npm run bench -- --only falco-fleet [--fleet-seconds 30] [--fleet-rate 200] [--repeat 3]
// Falco, its plugins and its falco.yaml come from bench/falco.mjs; here Falco reads live streams
// for a fixed time instead of a file to its end.
import { spawn } from 'node:child_process';
import { falcoFromEnv, falcoYaml, jsonPlugin, ourPlugin } from './falco.mjs';
import { startSimulator } from './ldp-sim.mjs';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function freePort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function status(pid) {
  const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN);
  return { hwm: kb('VmHWM'), rss: kb('VmRSS') };
}

/** One Falco reading `streams` clusters for `seconds`: its peak RSS and the events it got. */
export async function runOnce({ root, plugin, falco, streams, rate, seconds, tmp }) {
  const sims = [];
  for (let i = 0; i < streams; i += 1) sims.push(await startSimulator(root, { token: `fleet${process.pid}x${i}`, rate }));
  const port = await freePort();
  const config = path.join(tmp, `falco-${streams}.yaml`);
  const openParams = sims.map((s, i) => `cluster-${i + 1}=${s.url}`).join(' ');
  const rulesFiles = [path.join(root, 'rules/k8s_audit_rules.yaml'), path.join(root, 'rules/k8saudit-ovh-mks.yaml')];
  fs.writeFileSync(
    config,
    falcoYaml([ourPlugin(plugin, openParams), jsonPlugin(falco)], rulesFiles, {
      log_level: 'warning',
      metrics: { enabled: true, interval: '1m', output_rule: false, plugins_metrics_enabled: true },
      webserver: { enabled: true, listen_address: '127.0.0.1', listen_port: port, prometheus_metrics_enabled: true },
    }),
  );
  const child = spawn(falco.bin, ['-c', config, '--disable-source', 'syscall'], { stdio: ['ignore', 'ignore', 'inherit'] });
  try {
    await sleep(seconds * 1000);
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const events = Number(/^falcosecurity_plugins_k8saudit_ovh_events_delivered_total (\d+)/m.exec(text)?.[1] ?? NaN);
    const connected = [...text.matchAll(/^falcosecurity_plugins_k8saudit_ovh_cluster_\w+_connected_total 1$/gm)].length;
    return { ...status(child.pid), events, connected };
  } finally {
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    for (const { sim } of sims) sim.kill('SIGTERM');
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function falcoFleetBench({ root, plugin, repeat, argValue }) {
  const falco = falcoFromEnv();
  if (falco === undefined) {
    console.log('\nfalco-fleet: FALCO_BIN is not set (the path of a Falco 0.44 binary); skipped');
    return;
  }
  const seconds = Number(argValue('--fleet-seconds', 30));
  const rate = Number(argValue('--fleet-rate', 200));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'k8saudit-fleet-'));
  const results = {};
  try {
    for (let r = 0; r < repeat; r += 1) {
      for (const streams of [1, 5]) {
        const run = await runOnce({ root, plugin, falco, streams, rate, seconds, tmp });
        (results[streams] ??= []).push(run);
        console.log(`  falco-fleet run ${r + 1}: ${streams} stream(s), ${run.connected} connected, ${run.events} events in ${seconds} s, peak RSS ${(run.hwm / 1024).toFixed(1)} MiB, RSS ${(run.rss / 1024).toFixed(1)} MiB`);
      }
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const one = median(results[1].map((x) => x.hwm));
  const five = median(results[5].map((x) => x.hwm));
  console.log(
    `\nSeveral clusters in real Falco (${rate} events/s per stream, ${seconds} s, medians of ${repeat}): ` +
      `1 stream peak RSS ${(one / 1024).toFixed(1)} MiB, 5 streams ${(five / 1024).toFixed(1)} MiB: ${(five / one).toFixed(2)}x`,
  );
}
