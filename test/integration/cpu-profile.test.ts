// K8SAUDIT_OVH_CPU_PROFILE: V8's CPU profile of the plugin's JavaScript, written when the
// instance stops, in the .cpuprofile format DevTools reads.
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FIXTURES, runHost } from './host.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount: number;
  children: number[];
}

describe('K8SAUDIT_OVH_CPU_PROFILE', () => {
  it('writes a V8 CPU profile of the JS thread when the plugin is destroyed', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'k8saudit-profile-'));
    const out = path.join(tmp, 'plugin.cpuprofile');
    const run = await runHost(['--open', path.join(FIXTURES, 'audit/create_nginx_pod_privileged.json'), '--fields', 'ka.verb'], {
      env: { K8SAUDIT_OVH_CPU_PROFILE: out },
    });
    expect(run.code).toBe(0);
    expect(run.events).toHaveLength(1);
    const profile = JSON.parse(fs.readFileSync(out, 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };
    expect(profile.nodes[0]!.callFrame.functionName).toBe('(root)');
    expect(profile.samples.length).toBeGreaterThan(0);
    expect(profile.timeDeltas).toHaveLength(profile.samples.length);
    expect(profile.endTime).toBeGreaterThan(profile.startTime);
    const ids = new Set(profile.nodes.map((n) => n.id));
    for (const s of profile.samples) expect(ids.has(s)).toBe(true);
    for (const n of profile.nodes) for (const c of n.children) expect(ids.has(c)).toBe(true);
    // The plugin's bundle was running: its functions are in the tree.
    expect(profile.nodes.some((n) => n.callFrame.url === 'node:embedder_main_0')).toBe(true);
    fs.rmSync(tmp, { recursive: true, force: true });
  });
});
