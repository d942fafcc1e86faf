// Benchmarks the real plugin in the plugin host and prints figures (no pass/fail):
//  - file replay with the 33 ka.* fields the upstream ruleset uses, extracted one field per
//    call as Falco does: events/s and extraction calls/s, with precomputed values (default)
//    and without (precomputeFields: false: one synchronous call into JS per event);
//  - file replay without extraction (the event hand-over alone);
//  - init/destroy cost and RSS over lifecycle cycles.
//  - the LDP source: the simulator on loopback looping over the sample events, through the plugin
//    with the ruleset's fields: events/s and the host's peak RSS over --ldp-events (default 1M).
// Usage: npm run bench [-- --events N] [--ldp-events N]
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const host = path.join(root, 'build/k8saudit-host');
const plugin = path.join(root, 'build/libk8saudit-ovh.so');
const eventsArg = process.argv.indexOf('--events');
const total = eventsArg > 0 ? Number(process.argv[eventsArg + 1]) : 200_000;
const ldpArg = process.argv.indexOf('--ldp-events');
const ldpEvents = ldpArg > 0 ? Number(process.argv[ldpArg + 1]) : 1_000_000;

if (!fs.existsSync(host) || !fs.existsSync(plugin)) {
  execFileSync('bash', [path.join(root, 'scripts/ensure-deps.sh')], { stdio: 'inherit' });
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'k8saudit-bench-'));
const fixtures = fs
  .readdirSync(path.join(root, 'test/fixtures/audit'))
  .sort()
  .map((f) => fs.readFileSync(path.join(root, 'test/fixtures/audit', f), 'utf8').trim());
const file = path.join(tmp, 'events.jsonl');
const out = fs.openSync(file, 'w');
for (let i = 0; i < total; i += 1) {
  const line = fixtures[i % fixtures.length].replace(/"auditID":"([^"]+)"/, (_m, id) => `"auditID":"${id}-${i}"`);
  fs.writeSync(out, line + '\n');
}
fs.closeSync(out);
const fieldsFile = path.join(root, 'bench/ruleset-fields.txt');
const nFields = fs.readFileSync(fieldsFile, 'utf8').trim().split('\n').length;

function run(label, args) {
  const r = spawnSync(host, [...args, plugin], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const line = r.stdout.trim().split('\n').find((l) => l.startsWith('{"summary"'));
  if (!line) throw new Error(`${label}: no summary\n${r.stderr}`);
  const s = JSON.parse(line).summary;
  if (s.errors_total) throw new Error(`${label}: ${s.errors.join('; ')}`);
  return s;
}

const fmt = (n) => Math.round(n).toLocaleString('en-US');
console.log(`k8saudit-ovh benchmark — ${fmt(total)} real audit events (${fs.statSync(file).size >> 20} MiB), ${os.cpus().length} cores\n`);

const rows = [];
const replay = run('replay', ['--open', file, '--quiet']);
rows.push(['file replay, no extraction', replay.events_per_s, '-']);
const pre = run('precomputed', ['--open', file, '--quiet', '--fields-file', fieldsFile]);
rows.push([`replay + ${nFields} ruleset fields (precomputed)`, pre.events_per_s, pre.extract_calls_per_s]);
const fb = run('fallback', ['--open', file, '--quiet', '--fields-file', fieldsFile, '--config', '{"precomputeFields":false}', '--max-events', String(Math.min(total, 20000))]);
rows.push([`replay + ${nFields} ruleset fields (sync JS call per event)`, fb.events_per_s, fb.extract_calls_per_s]);
for (const [label, eps, cps] of rows) {
  console.log(`${label.padEnd(52)} ${fmt(eps).padStart(10)} events/s   ${cps === '-' ? '' : fmt(cps).padStart(12) + ' extract calls/s'}`);
}
console.log(`\nper extraction call (precomputed): ${(1e6 / pre.extract_calls_per_s).toFixed(2)} µs; peak RSS ${fmt(pre.peak_rss_kb / 1024)} MiB`);

const cycles = run('cycles', ['--cycles', '20', '--open', file, '--max-events', '100', '--quiet', '--fields-file', fieldsFile]);
const rss = cycles.rss_kb_per_cycle;
console.log(`lifecycle: first init ${cycles.init_ms.toFixed(0)} ms, later inits ${cycles.init_ms_later.toFixed(0)} ms, destroy ${cycles.destroy_ms.toFixed(0)} ms; RSS after cycle 1/10/20: ${fmt(rss[0] / 1024)}/${fmt(rss[9] / 1024)}/${fmt(rss[19] / 1024)} MiB`);

// LDP: simulator process on loopback, looping over the sample file at a rate above what the
// plugin consumes, so backpressure is exercised for the whole run.
if (ldpEvents > 0) {
  const token = `bench${process.pid}`;
  const sim = spawn(process.execPath, [path.join(root, 'dist/ldp-sim.js'), '--file', path.join(root, 'samples/mks-audit-sample.jsonl'), '--port', '0', '--loop', '--rate', '20000', '--retain', '200000'], {
    env: { ...process.env, LDP_SIM_TOKEN: token },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const listen = await new Promise((resolve, reject) => {
    let text = '';
    sim.stdout.on('data', (b) => {
      text += b;
      const m = /listening on (ws:\/\/\S+)/.exec(text);
      if (m) resolve(m[1].replace(/\/?(tail\/?)?$/, ''));
    });
    sim.on('exit', () => reject(new Error('simulator exited')));
  });
  try {
    const ldp = run('ldp', ['--open', `${listen}/tail/?tk=${token}`, '--quiet', '--fields-file', fieldsFile, '--max-events', String(ldpEvents), '--duration-s', '600']);
    console.log(`\nLDP stream (simulator -> plugin, ${nFields} ruleset fields): ${fmt(ldp.events)} events at ${fmt(ldp.events_per_s)} events/s; host peak RSS ${fmt(ldp.peak_rss_kb / 1024)} MiB, RSS at end ${fmt(ldp.rss_kb / 1024)} MiB`);
  } finally {
    sim.kill('SIGTERM');
  }
}
fs.rmSync(tmp, { recursive: true, force: true });
