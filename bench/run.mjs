// Benchmarks the real plugin in the plugin host and prints figures (no pass/fail):
//  - Falco-shaped: events drawn from real audit traces (bench/falco-corpus.jsonl, 1.7 KB on
//    average), fields asked the way Falco 0.44.1 asks them (bench/falco-pattern*.txt: the calls
//    per event of each field, ~48 calls over 32 fields with the upstream ruleset): events/s, CPU
//    seconds per 1,000 events of the whole process and of the plugin's JavaScript thread, peak RSS;
//  - file replay with the 33 ka.* fields the upstream ruleset uses, each asked once per event,
//    with precomputed values (default) and without (precomputeFields: false: one synchronous call
//    into JS per event);
//  - file replay without extraction (the event hand-over alone);
//  - init/destroy cost and RSS over lifecycle cycles (first init without NODE_EXTRA_CA_CERTS, as
//    in Falco's images, and with it when this environment sets it);
//  - the LDP source: the simulator on loopback looping over the sample events, through the plugin
//    with the ruleset's fields: events/s and the host's peak RSS over --ldp-events (default 1M);
//  - in real Falco (FALCO_BIN, see bench/falco.mjs): --falco-events (default 20,000) Falco-shaped
//    events replayed from a file with the upstream rules and json, this plugin against Go k8saudit,
//    then with the MKS overlay: wall time, alerts, Falco's peak RSS.
// Usage: npm run bench [-- --events N] [--ldp-events N] [--falco-events N] [--repeat N] [--only NAME,...] [--build DIR]
//   --repeat N   run each scenario N times and print the medians (the machine may be busy)
//   --only       scenarios: falco, falco-mks, ruleset, fallback, replay, lifecycle, ldp, go, in-falco
//                (go: upstream Go k8saudit on the ruleset corpus, beside this plugin; needs FALCO_BIN);
//                and, not run by default, falco-fleet (Falco's peak RSS with 1 and 5 LDP streams; needs FALCO_BIN)
//   --build DIR  the folder holding k8saudit-host and libk8saudit-ovh.so (default build/)
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { falcoFromEnv, goK8sauditPlugin, jsonPlugin, ourPlugin, runFalco } from './falco.mjs';
import { startSimulator } from './ldp-sim.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const argValue = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const buildDir = path.resolve(argValue('--build', path.join(root, 'build')));
const host = path.join(buildDir, 'k8saudit-host');
const plugin = path.join(buildDir, 'libk8saudit-ovh.so');
const total = Number(argValue('--events', 200_000));
const ldpEvents = Number(argValue('--ldp-events', 1_000_000));
const inFalcoEvents = Number(argValue('--falco-events', 20_000));
const repeat = Number(argValue('--repeat', 1));
const only = argValue('--only', 'falco,falco-mks,ruleset,fallback,replay,lifecycle,ldp,go,in-falco').split(',');
const JS_THREAD = 'k8saudit-ovh-js'; // native/runtime/js_thread.cpp names the plugin's JS thread

if (!fs.existsSync(host) || !fs.existsSync(plugin)) {
  execFileSync('bash', [path.join(root, 'scripts/ensure-deps.sh')], { stdio: 'inherit' });
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'k8saudit-bench-'));

/** `n` events cycling over `lines`, each with its own auditID (the plugin does not care, Falco may). */
function writeEvents(file, lines, n) {
  const out = fs.openSync(file, 'w');
  const chunk = [];
  for (let i = 0; i < n; i += 1) {
    chunk.push(lines[i % lines.length].replace(/"auditID":"([^"]+)"/, (_m, id) => `"auditID":"${id}-${i}"`));
    if (chunk.length === 1000 || i === n - 1) {
      fs.writeSync(out, chunk.join('\n') + '\n');
      chunk.length = 0;
    }
  }
  fs.closeSync(out);
  return file;
}

const fixtures = fs
  .readdirSync(path.join(root, 'test/fixtures/audit'))
  .sort()
  .map((f) => fs.readFileSync(path.join(root, 'test/fixtures/audit', f), 'utf8').trim());
const falcoLines = fs.readFileSync(path.join(root, 'bench/falco-corpus.jsonl'), 'utf8').trim().split('\n');
// Each corpus file (~170 MiB at 200,000 events) is written only when a chosen scenario reads it.
const needs = (...names) => names.some((n) => only.includes(n));
const file = needs('replay', 'ruleset', 'fallback', 'go') ? writeEvents(path.join(tmp, 'events.jsonl'), fixtures, total) : undefined;
const falcoFile = needs('falco', 'falco-mks') ? writeEvents(path.join(tmp, 'falco-events.jsonl'), falcoLines, total) : undefined;
// The lifecycle cycles read 100 events each.
const lifecycleFile = needs('lifecycle') ? writeEvents(path.join(tmp, 'lifecycle-events.jsonl'), fixtures, 1000) : undefined;
const fieldsFile = path.join(root, 'bench/ruleset-fields.txt');
const nFields = fs.readFileSync(fieldsFile, 'utf8').trim().split('\n').length;

function runOnce(label, args, env = process.env, pluginPath = plugin) {
  const r = spawnSync(host, [...args, pluginPath], { encoding: 'utf8', maxBuffer: 1 << 26, env });
  const line = r.stdout.trim().split('\n').find((l) => l.startsWith('{"summary"'));
  if (!line) throw new Error(`${label}: no summary\n${r.stderr}`);
  const s = JSON.parse(line).summary;
  if (s.errors_total) throw new Error(`${label}: ${s.errors.join('; ')}`);
  return s;
}

/**
 * One host run, its RSS sampled from /proc every 250 ms: the summary, the RSS once 10% of the read
 * loop's time has passed (the stream's rate is steady, so about 10% of its events), and the last
 * RSS sampled before the read loop ended (the summary's rss_kb is taken after close and destroy).
 */
function runSampled(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(host, [...args, plugin], { stdio: ['ignore', 'pipe', 'inherit'] });
    const started = Date.now();
    const samples = [];
    const timer = setInterval(() => {
      try {
        const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) samples.push([(Date.now() - started) / 1000, Number(m[1])]);
      } catch {
        // the host has exited
      }
    }, 250);
    let out = '';
    child.stdout.on('data', (b) => (out += b));
    child.on('error', reject);
    child.on('close', () => {
      clearInterval(timer);
      const line = out.trim().split('\n').find((l) => l.startsWith('{"summary"'));
      if (!line) return reject(new Error('ldp: no summary'));
      const summary = JSON.parse(line).summary;
      if (summary.errors_total) return reject(new Error(`ldp: ${summary.errors.join('; ')}`));
      const readFrom = summary.wall_s - summary.elapsed_s;
      const at10 = samples.find(([t]) => t >= readFrom + summary.elapsed_s * 0.1);
      const last = samples.filter(([t]) => t <= readFrom + summary.elapsed_s).pop();
      resolve({ summary, rssAt10: at10?.[1], rssLast: last?.[1] });
    });
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** The scenario run `repeat` times; the figures of each summary reduced to their medians. */
function run(label, args, pluginPath = plugin) {
  const runs = Array.from({ length: repeat }, () => runOnce(label, args, process.env, pluginPath));
  const per1k = (s, cpu) => (cpu * 1000) / s.events;
  return {
    events: runs[0].events,
    events_per_s: median(runs.map((s) => s.events_per_s)),
    extract_calls_per_s: median(runs.map((s) => s.extract_calls_per_s)),
    calls_per_event: runs[0].extract_calls / runs[0].events,
    cpu_process_per_1k: median(runs.map((s) => per1k(s, s.cpu_s.process))),
    cpu_js_per_1k: median(runs.map((s) => per1k(s, s.cpu_s.threads[JS_THREAD] ?? 0))),
    cpu_main_per_1k: median(runs.map((s) => per1k(s, s.cpu_s.threads.main ?? 0))),
    peak_rss_mib: median(runs.map((s) => s.peak_rss_kb / 1024)),
    rss_mib: median(runs.map((s) => s.rss_kb / 1024)),
    runs,
  };
}

const fmt = (n) => Math.round(n).toLocaleString('en-US');
const sizeMiB = (f) => (fs.statSync(f).size / 2 ** 20).toFixed(0);
const corpora = [
  falcoFile && `Falco-shaped corpus: ${falcoLines.length} real events cycled (${sizeMiB(falcoFile)} MiB)`,
  file && `ruleset corpus: test/fixtures/audit cycled (${sizeMiB(file)} MiB)`,
].filter(Boolean);
console.log(
  `k8saudit-ovh benchmark — ${fmt(total)} events per scenario, ${os.cpus().length} cores` +
    (repeat > 1 ? `, medians of ${repeat} runs` : '') +
    (corpora.length > 0 ? `\n  ${corpora.join('; ')}` : '') +
    '\n',
);

const rows = [];
const row = (label, r) => rows.push([label, r]);
if (only.includes('falco')) {
  row('Falco-shaped, upstream ruleset pattern', run('falco', ['--open', falcoFile, '--quiet', '--extract-pattern', path.join(root, 'bench/falco-pattern.txt')]));
}
if (only.includes('falco-mks')) {
  row('Falco-shaped, with the MKS macro overrides', run('falco-mks', ['--open', falcoFile, '--quiet', '--extract-pattern', path.join(root, 'bench/falco-pattern-mks.txt')]));
}
if (only.includes('replay')) row('file replay, no extraction', run('replay', ['--open', file, '--quiet']));
let pre;
if (only.includes('ruleset')) {
  pre = run('precomputed', ['--open', file, '--quiet', '--fields-file', fieldsFile]);
  row(`replay + ${nFields} ruleset fields (precomputed)`, pre);
}
let go;
if (only.includes('go')) {
  // Upstream Go k8saudit, the reference the 33-field figure is compared with (beside Falco's bin/).
  const goPlugin = falcoFromEnv()?.k8saudit;
  if (goPlugin === undefined) console.log('go: skipped (set FALCO_BIN to a Falco binary with ../plugins/libk8saudit.so beside it)');
  else {
    go = run('go', ['--open', file, '--quiet', '--fields-file', fieldsFile, '--config', '{"useAsync":false}'], goPlugin);
    row(`upstream Go k8saudit, ${nFields} ruleset fields`, go);
  }
}
if (only.includes('fallback')) {
  row(
    `replay + ${nFields} ruleset fields (sync JS call per event)`,
    run('fallback', ['--open', file, '--quiet', '--fields-file', fieldsFile, '--config', '{"precomputeFields":false}', '--max-events', String(Math.min(total, 20000))]),
  );
}
const header = `${'scenario'.padEnd(52)} ${'events/s'.padStart(9)} ${'calls/ev'.padStart(8)}  ${'CPU s/1k events: process'.padStart(24)} ${'JS thread'.padStart(9)} ${'host thread'.padStart(11)}  ${'events/CPU s'.padStart(12)}  ${'peak RSS'.padStart(8)}`;
if (rows.length > 0) console.log(header);
for (const [label, r] of rows) {
  console.log(
    `${label.padEnd(52)} ${fmt(r.events_per_s).padStart(9)} ${r.calls_per_event.toFixed(1).padStart(8)}  ${r.cpu_process_per_1k.toFixed(3).padStart(24)} ${r.cpu_js_per_1k.toFixed(3).padStart(9)} ${r.cpu_main_per_1k.toFixed(3).padStart(11)}  ${fmt(1000 / r.cpu_process_per_1k).padStart(12)}  ${(fmt(r.peak_rss_mib) + ' MiB').padStart(8)}`,
  );
}
if (pre) console.log(`\nper extraction call (precomputed): ${(1e6 / pre.extract_calls_per_s).toFixed(2)} µs`);
if (pre && go) {
  console.log(
    `${nFields} ruleset fields against upstream Go k8saudit, same corpus and run: ${(pre.events_per_s / go.events_per_s).toFixed(2)}x its events/s, ` +
      `${(go.cpu_process_per_1k / pre.cpu_process_per_1k).toFixed(2)}x its events per CPU second`,
  );
}

if (only.includes('lifecycle')) {
  // Falco's images do not set NODE_EXTRA_CA_CERTS. When it is set, Node's process setup (inside the
  // first plugin_init) parses its bundled root certificates and that file: measured apart, runs of
  // the two environments alternated.
  const { NODE_EXTRA_CA_CERTS: extraCa, ...falcoEnv } = process.env;
  const args = ['--cycles', '20', '--open', lifecycleFile, '--max-events', '100', '--quiet', '--fields-file', fieldsFile];
  const plain = [];
  const withCa = [];
  for (let i = 0; i < repeat; i += 1) {
    plain.push(runOnce('lifecycle', args, falcoEnv));
    if (extraCa) withCa.push(runOnce('lifecycle with NODE_EXTRA_CA_CERTS', args, process.env));
  }
  const ms = (runs, key) => median(runs.map((s) => s[key])).toFixed(0);
  const rssAfter = (cycle) => fmt(median(plain.map((s) => s.rss_kb_per_cycle[cycle - 1])) / 1024);
  console.log(
    `lifecycle: first init ${ms(plain, 'init_ms')} ms (NODE_EXTRA_CA_CERTS unset, as in Falco's images), later inits ${ms(plain, 'init_ms_later')} ms, ` +
      `destroy ${ms(plain, 'destroy_ms')} ms; RSS after cycle 1/10/20: ${rssAfter(1)}/${rssAfter(10)}/${rssAfter(20)} MiB`,
  );
  if (extraCa) console.log(`  first init with NODE_EXTRA_CA_CERTS=${extraCa} (set here): ${ms(withCa, 'init_ms')} ms, later inits ${ms(withCa, 'init_ms_later')} ms`);
}

// LDP: simulator process on loopback, looping over the sample file at a rate above what the
// plugin consumes, so backpressure is exercised for the whole run. The simulator keeps 20,000
// records (1 s of the feed; they only serve begin= replays, and this client never reconnects).
if (ldpEvents > 0 && only.includes('ldp')) {
  const { sim, url } = await startSimulator(root, { token: `bench${process.pid}`, rate: 20_000 });
  try {
    const { summary: ldp, rssAt10, rssLast } = await runSampled(['--open', url, '--quiet', '--fields-file', fieldsFile, '--max-events', String(ldpEvents), '--duration-s', '900']);
    const cpu = (ldp.cpu_s.process * 1000) / ldp.events;
    console.log(`\nLDP stream (simulator -> plugin, ${nFields} ruleset fields): ${fmt(ldp.events)} events at ${fmt(ldp.events_per_s)} events/s, ${cpu.toFixed(3)} CPU s/1k events; host peak RSS ${fmt(ldp.peak_rss_kb / 1024)} MiB, RSS at end ${fmt(ldp.rss_kb / 1024)} MiB`);
    if (rssAt10 !== undefined && rssLast !== undefined) {
      console.log(`  drift: RSS after the first 10% of the read time ${fmt(rssAt10 / 1024)} MiB, at the end of the stream ${fmt(rssLast / 1024)} MiB (${(((rssLast - rssAt10) / rssAt10) * 100).toFixed(1)}%)`);
    }
  } finally {
    sim.kill('SIGTERM');
  }
}
// In real Falco: the same Falco-shaped events from a file, the upstream rules with json (useAsync
// off), Go k8saudit against this plugin, then this plugin with the MKS overlay (with Falco's default
// rule_matching: first, and with all, as the examples run it). Runs alternate, medians of --repeat.
if (only.includes('in-falco')) {
  const falco = falcoFromEnv();
  if (falco === undefined) {
    console.log('\nin real Falco: skipped, FALCO_BIN is not set (FALCO_BIN=/path/to/falco/bin/falco npm run bench -- --only in-falco)');
  } else {
    const events = writeEvents(path.join(tmp, 'in-falco-events.jsonl'), falcoLines, inFalcoEvents);
    const upstream = path.join(root, 'rules/k8s_audit_rules.yaml');
    const overlay = path.join(root, 'rules/k8saudit-ovh-mks.yaml');
    const cases = [
      { label: 'Go k8saudit 0.18, upstream rules', plugins: [goK8sauditPlugin(falco, events), jsonPlugin(falco)], rulesFiles: [upstream] },
      { label: 'this plugin, upstream rules', plugins: [ourPlugin(plugin, events), jsonPlugin(falco)], rulesFiles: [upstream] },
      { label: 'this plugin, upstream rules + MKS overlay', plugins: [ourPlugin(plugin, events), jsonPlugin(falco)], rulesFiles: [upstream, overlay] },
      {
        label: 'this plugin, + MKS overlay, rule_matching: all',
        plugins: [ourPlugin(plugin, events), jsonPlugin(falco)],
        rulesFiles: [upstream, overlay],
        settings: { rule_matching: 'all' },
      },
    ];
    const results = cases.map(() => []);
    for (let i = 0; i < repeat; i += 1) {
      for (const [k, c] of cases.entries()) results[k].push(await runFalco(falco, c));
    }
    const [goAlerts, ourAlerts] = results.slice(0, 2).map((runs) => runs[0].alerts);
    console.log(
      `\nin real Falco: ${fmt(inFalcoEvents)} Falco-shaped events from a file, json useAsync: false` +
        (repeat > 1 ? `, medians of ${repeat} alternated runs` : '') +
        `; peak RSS by ${results[0][0].rssMethod}`,
    );
    console.log(`${'plugin, rules'.padEnd(52)} ${'wall s'.padStart(7)} ${'CPU s'.padStart(7)} ${'alerts'.padStart(8)} ${'peak RSS'.padStart(9)}`);
    for (const [k, c] of cases.entries()) {
      const runs = results[k];
      if (new Set(runs.map((r) => r.alerts)).size !== 1) throw new Error(`${c.label}: alert counts differ between runs: ${runs.map((r) => r.alerts)}`);
      const wall = median(runs.map((r) => r.wallSeconds)).toFixed(2);
      const cpu = runs[0].cpuSeconds === undefined ? '-' : median(runs.map((r) => r.cpuSeconds)).toFixed(2);
      const rss = `${fmt(median(runs.map((r) => r.peakRssMiB)))} MiB`;
      console.log(`${c.label.padEnd(52)} ${wall.padStart(7)} ${cpu.padStart(7)} ${fmt(runs[0].alerts).padStart(8)} ${rss.padStart(9)}`);
    }
    if (goAlerts !== ourAlerts) throw new Error(`in real Falco, upstream rules: Go k8saudit raised ${goAlerts} alerts, this plugin ${ourAlerts}`);
  }
}
if (only.includes('falco-fleet')) {
  const { falcoFleetBench } = await import('./falco-fleet.mjs');
  await falcoFleetBench({ root, plugin, repeat, argValue });
}
if (process.argv.includes('--json')) console.log(JSON.stringify(Object.fromEntries(rows.map(([l, r]) => [l, { ...r, runs: undefined }]))));
fs.rmSync(tmp, { recursive: true, force: true });
