// Which certificate authorities the LDP source trusts for wss:// when caFile is set: caFile adds
// to Node's store (its bundled roots and NODE_EXTRA_CA_CERTS), it does not replace it. Real .so
// in the plugin host, the LDP simulator serving TLS on 127.0.0.1.
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runHost } from './host.js';
import { FAST, TOKEN, auditEvents, expectRunHasNoToken, expectedIds, ids, useSimulator } from './ldp-bed.js';
import { createSelfSignedCertificate } from '../../src/sim/self-signed.js';

const startSim = useSimulator();

describe('LDP over wss:// with caFile', () => {
  it('still trusts the CA that NODE_EXTRA_CA_CERTS names when caFile names another one', async () => {
    const s = await startSim({ tls: createSelfSignedCertificate(1, ['localhost']) });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ldp-ca-'));
    try {
      const extraCa = path.join(dir, 'extra.pem');
      fs.writeFileSync(extraCa, s.caPem as string);
      const caFile = path.join(dir, 'other.pem');
      fs.writeFileSync(caFile, createSelfSignedCertificate(1, ['elsewhere.test']).cert);
      const running = runHost(
        ['--open', `wss://localhost:${s.port}/tail/?tk=${TOKEN}`, '--config', JSON.stringify({ ...FAST, caFile }), '--fields', 'ka.auditid', '--max-events', '50'],
        { env: { NODE_EXTRA_CA_CERTS: extraCa } },
      );
      await s.waitForConnection();
      s.feed(auditEvents(0, 50));
      const run = await running;
      expect(run.summary['result']).toBe('max_events');
      expect(ids(run)).toEqual(expectedIds(50));
      expectRunHasNoToken(run);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
