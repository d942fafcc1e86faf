// Prints the top of a V8 CPU profile (.cpuprofile, e.g. from K8SAUDIT_OVH_CPU_PROFILE): self time
// by function, and the total time under each (self + callees), biggest self time first.
// Usage: node bench/profile-top.mjs FILE.cpuprofile [N]
import * as fs from 'node:fs';

const [file, nArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/profile-top.mjs FILE.cpuprofile [N]');
  process.exit(2);
}
const top = Number(nArg ?? 25);
const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

// Sample i lasts until sample i+1 (the deltas give each sample's start); the last one gets the
// mean interval.
const { samples, timeDeltas } = profile;
const starts = [];
let t = profile.startTime;
for (const d of timeDeltas) starts.push((t += d));
const duration = (i) => (i + 1 < starts.length ? starts[i + 1] - starts[i] : (profile.endTime - profile.startTime) / samples.length);

const key = (n) => {
  const f = n.callFrame;
  const where = f.url ? ` ${f.url.replace(/^node:embedder_main_0$/, 'plugin.js')}:${f.lineNumber + 1}` : '';
  return `${f.functionName || '(anonymous)'}${where}`;
};
const self = new Map();
const totalTime = new Map();
let all = 0;
for (let i = 0; i < samples.length; i++) {
  const us = duration(i);
  all += us;
  const leaf = byId.get(samples[i]);
  self.set(key(leaf), (self.get(key(leaf)) ?? 0) + us);
  const seen = new Set();
  for (let id = samples[i]; id !== undefined; id = parent.get(id)) {
    const k = key(byId.get(id));
    if (seen.has(k)) continue; // recursion counts once
    seen.add(k);
    totalTime.set(k, (totalTime.get(k) ?? 0) + us);
  }
}
const busy = all - (self.get('(idle)') ?? 0) - (self.get('(program)') ?? 0);
console.log(`${file}: ${(all / 1e6).toFixed(2)} s profiled, ${samples.length} samples; JS and GC (not idle/program) ${(busy / 1e6).toFixed(2)} s`);
console.log(`${'self ms'.padStart(9)} ${'self %'.padStart(7)} ${'total ms'.padStart(9)}  function`);
for (const [k, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) {
  console.log(`${(us / 1e3).toFixed(0).padStart(9)} ${((100 * us) / all).toFixed(1).padStart(6)}% ${((totalTime.get(k) ?? 0) / 1e3).toFixed(0).padStart(9)}  ${k}`);
}
