// The LDP simulator as a child process on loopback, looping over the sample MKS events at `rate`
// events/s; resolves with the process and the tail URL (with its token) once it listens.
import { spawn } from 'node:child_process';
import * as path from 'node:path';

export async function startSimulator(root, { token, rate, retain = 20_000 }) {
  const sim = spawn(process.execPath, [path.join(root, 'dist/ldp-sim.js'), '--file', path.join(root, 'samples/mks-audit-sample.jsonl'), '--port', '0', '--loop', '--rate', String(rate), '--retain', String(retain)], {
    env: { ...process.env, LDP_SIM_TOKEN: token },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise((resolve, reject) => {
    let text = '';
    sim.stdout.on('data', (b) => {
      text += b;
      const m = /listening on (ws:\/\/\S+)/.exec(text);
      if (m) resolve(`${m[1].replace(/\/?(tail\/?)?$/, '')}/tail/?tk=${token}`);
    });
    sim.on('exit', () => reject(new Error('simulator exited')));
  });
  return { sim, url };
}
