// The field table and get_fields JSON (spec §2.6, §2.7, §3).
import { describe, expect, it } from 'vitest';
import { FIELD_READERS } from '../../../src/audit/extract.js';
import { FIELDS, fieldIdByName, fieldsJson } from '../../../src/audit/fields.js';
import { readFixture, readJsonl } from './helpers.js';

const golden = readJsonl<{ fields: Record<string, unknown> }>('golden/k8saudit-golden.jsonl');

describe('field table', () => {
  it('has 100 fields, each with an extractor', () => {
    expect(FIELDS).toHaveLength(100);
    expect(FIELD_READERS).toHaveLength(100);
    expect(new Set(FIELDS.map((f) => f.name)).size).toBe(100);
  });

  it('follows upstream get_fields order (the order of the golden requests)', () => {
    const names: string[] = [];
    for (const request of Object.keys(golden[0]!.fields)) {
      const name = request.replace(/\[.*$/, '');
      if (!names.includes(name)) names.push(name);
    }
    expect(FIELDS.map((f) => f.name)).toEqual(names);
  });

  it('maps names to ids', () => {
    FIELDS.forEach((f, i) => expect(fieldIdByName(f.name)).toBe(i));
    expect(fieldIdByName('ka.nonexistent')).toBeUndefined();
    expect(fieldIdByName('ka.req.pod.ephemeralContainers.host_port')).toBeUndefined();
    expect(fieldIdByName('ka.auditid')).toBe(0);
    expect(fieldIdByName('ka.cluster.name')).toBe(70);
    expect(fieldIdByName('ka.req.pod.initContainers.name')).toBe(71);
    expect(fieldIdByName('ka.req.pod.initContainers.host_port')).toBe(85);
    expect(fieldIdByName('ka.req.pod.ephemeralContainers.name')).toBe(86);
    expect(fieldIdByName('ka.req.pod.ephemeralContainers.add_capabilities')).toBe(99);
  });

  it('marks the argument kinds of spec §2.6', () => {
    const keys = FIELDS.flatMap((f, i) => (f.arg === 'key' ? [i] : []));
    expect(keys).toEqual([13, 25, 62]);
    const indexed = FIELDS.slice(0, 71).flatMap((f, i) => (f.arg === 'index' ? [i] : []));
    expect(indexed).toEqual([28, 29, 30, 31, 33, 39, 40, 42, 43, 45, 46, 48, 49, 50, 52, 53, 54, 55, 58, 60, 61, 63, 64, 69]);
    const lists = FIELDS.slice(0, 71).flatMap((f, i) => (f.isList && f.arg === 'none' ? [i] : []));
    expect(lists).toEqual([9, 19, 20, 21, 22, 23, 51, 57]);
    for (const f of FIELDS.slice(71)) expect([f.isList, f.arg]).toEqual([true, 'index']);
  });
});

describe('fieldsJson', () => {
  const text = fieldsJson();
  const parsed = JSON.parse(text) as Record<string, unknown>[];

  it('is a compact array of 100 entries with upstream key order', () => {
    expect(text).toBe(JSON.stringify(parsed));
    expect(text.endsWith('\n')).toBe(false);
    expect(parsed).toHaveLength(100);
    for (const [i, e] of parsed.entries()) {
      expect(Object.keys(e)).toEqual(['name', 'type', 'isList', 'arg', 'display', 'desc', 'properties']);
      expect(Object.keys(e.arg as object)).toEqual(['isRequired', 'isIndex', 'isKey']);
      expect(e.name).toBe(FIELDS[i]!.name);
      expect([e.type, e.display, e.properties]).toEqual(['string', '', null]);
    }
  });

  it('contains the representative entries of spec §3 verbatim', () => {
    const entries = readFixture('audit-vectors/fields-representative.jsonl').split('\n').filter(Boolean);
    expect(entries).toHaveLength(6);
    for (const e of entries) expect(text).toContain(e);
  });

  it('keeps upstream description quirks', () => {
    const desc = (name: string): string => FIELDS[fieldIdByName(name)!]!.desc;
    expect(desc('ka.security.pod.violations')).toBe('The violation reason for pod security policy ');
    expect(desc('ka.auth.openshift.decision')).toBe(
      'The authentication decision of the openshfit apiserver extention. Only available on openshift clusters',
    );
    expect(desc('ka.req.pod.containers.image.repository')).toContain('The same as req.container.image,');
    expect(desc('ka.req.pod.ephemeralContainers.image.repository')).toBe(
      'The same as ka.req.pod.ephemeralContainers.image, but only the repository part (e.g. falcosecurity/falco).',
    );
    expect(desc('ka.req.pod.initContainers.eff_run_as_group')).toBe(
      'When the request object refers to a pod, the initial gid that will be used for all init containers. This combines information from both the pod and container security contexts and uses 0 if no gid is specified.',
    );
    expect(desc('ka.req.pod.ephemeralContainers.proc_mount')).toBe(
      'When the request object refers to a pod, the procMount type for all ephemeral containers.',
    );
    expect(text).not.toMatch(/[<>&]/);
  });
});
