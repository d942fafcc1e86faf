// No exception crosses from the plugin into Falco, and every failure says why: C++ exceptions,
// standard or not, thrown inside plugin_init, plugin_open, plugin_next_batch and
// plugin_extract_fields are caught at the entry point, and plugin_get_last_error returns their
// reason. The real .so in the real host; the exceptions are injected with K8SAUDIT_OVH_TEST_FAULT
// (native/plugin/test_faults.h).
import { beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fixtureLinesFile, runHost } from './host.js';

let lines: string;

beforeAll(() => {
  lines = fixtureLinesFile(fs.mkdtempSync(path.join(os.tmpdir(), 'k8saudit-entry-points-')));
});

const withFault = (fault: string) => ({ env: { K8SAUDIT_OVH_TEST_FAULT: fault } });

describe('a C++ exception inside an entry point', () => {
  it('fails plugin_init with its message, and the instance can still be destroyed', async () => {
    const run = await runHost(['--open', lines, '--quiet'], withFault('native-throw-in-init'));
    expect(run.signal).toBeNull();
    expect(run.code).toBe(1);
    expect(run.summary['error']).toBe('could not initialize plugin: plugin_init failed: injected fault: C++ exception in init');
  });

  it('fails plugin_open with a reason even when it is not a std::exception', async () => {
    const run = await runHost(['--open', lines, '--quiet'], withFault('native-throw-in-open'));
    expect(run.signal).toBeNull();
    expect(run.code).toBe(1);
    expect(run.summary['error']).toBe('could not open the event source (rc=1): plugin_open failed: unknown exception');
  });

  it('fails plugin_next_batch with its message', async () => {
    const run = await runHost(['--open', lines, '--quiet'], withFault('native-throw-in-next-batch'));
    expect(run.signal).toBeNull();
    expect(run.summary['result']).toBe('failure');
    expect(run.summary['error']).toBe('plugin_next_batch failed (rc=1): plugin_next_batch failed: injected fault: C++ exception in next_batch');
  });

  it('fails plugin_extract_fields with a reason, and the capture goes on', async () => {
    const run = await runHost(['--open', lines, '--fields', 'ka.verb', '--max-events', '3'], withFault('native-throw-in-extract'));
    expect(run.signal).toBeNull();
    expect(run.code).toBe(0);
    expect(run.events).toHaveLength(3);
    for (const event of run.events) {
      expect(event.fields['ka.verb']).toBeNull();
      expect(event.errors?.['ka.verb']).toBe('plugin_extract_fields failed: unknown exception');
    }
    expect(run.summary['extract_failures']).toBe(3);
  });
});
