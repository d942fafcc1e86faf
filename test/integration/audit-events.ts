// Real audit events (test/fixtures/audit), made distinct by their auditID, to feed the LDP simulator.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FIXTURES } from './host.js';

export function distinctAuditEvents(prefix: string, count: number): string[] {
  const dir = path.join(FIXTURES, 'audit');
  const templates = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Record<string, unknown>);
  return Array.from({ length: count }, (_, i) => JSON.stringify({ ...templates[i % templates.length]!, auditID: `${prefix}-${i}` }));
}
