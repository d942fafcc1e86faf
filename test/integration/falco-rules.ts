// Rules files that tests in real Falco write for themselves.
import * as fs from 'node:fs';
import * as path from 'node:path';

export const EVERY_EVENT_RULE = 'Every audit event';

/**
 * A rule that fires on every audit event and prints its auditID (in output_fields), written
 * into `dir`; returns its path. `comment` changes the file without changing the rule (a hot reload).
 */
export function everyEventRule(dir: string, comment = ''): string {
  const file = path.join(dir, 'every-event.yaml');
  fs.writeFileSync(
    file,
    [
      `# ${comment}`,
      `- rule: ${EVERY_EVENT_RULE}`,
      '  desc: fires on every audit event',
      '  condition: ka.auditid exists',
      '  output: "%ka.auditid"',
      '  priority: INFO',
      '  source: k8s_audit',
      '',
    ].join('\n'),
  );
  return file;
}
