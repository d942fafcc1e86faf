// Rule verdicts from real Falco: a file of audit events replayed by one k8s_audit plugin (with the
// json plugin the upstream rules need), every matching rule reported, each alert with its auditID.
import { expect } from 'vitest';
import type { FalcoInstall } from './falco-env.js';
import { EVERY_RULE_WITH_AUDIT_ID, type FalcoAlert, type FalcoPlugin, alertAuditId, jsonPlugin, rulesWarnings, runFalco } from './falco-run.js';

/** One alert: the event (auditID, null for a record without one), the rule, the output text. */
export interface Verdict {
  readonly auditId: string | null;
  readonly rule: string;
  readonly output: string;
  readonly alert: FalcoAlert;
}

/**
 * Runs Falco over `eventsFile` with `plugin` (its open_params are replaced) and the rules files, in
 * order. The rules must load without warnings (an unused list or macro is a typo's trace), unless
 * `warningsExpected` (a deliberately broken rules file).
 */
export async function verdicts(
  falco: FalcoInstall,
  plugin: FalcoPlugin,
  rulesFiles: readonly string[],
  eventsFile: string,
  warningsExpected = false,
): Promise<Verdict[]> {
  const run = await runFalco(falco, {
    plugins: [{ ...plugin, open_params: eventsFile }, jsonPlugin(falco)],
    rulesFiles,
    settings: EVERY_RULE_WITH_AUDIT_ID,
  });
  expect(run.code, run.stderr.slice(-3000)).toBe(0);
  if (!warningsExpected) expect(rulesWarnings(run.stderr), 'rules load without warnings').toEqual([]);
  return run.alerts.map((alert) => ({ auditId: alertAuditId(alert), rule: alert.rule, output: alert.output, alert }));
}

/** The rules that alerted on each auditID, in Falco's order. */
export function rulesByEvent(list: readonly Verdict[]): Map<string | null, string[]> {
  const out = new Map<string | null, string[]>();
  for (const v of list) out.set(v.auditId, [...(out.get(v.auditId) ?? []), v.rule]);
  return out;
}

/** A verdict as one comparable line. */
export const verdictLine = (v: Pick<Verdict, 'auditId' | 'rule' | 'output'>): string => `${v.auditId ?? '<no auditID>'} | ${v.rule} | ${v.output}`;
