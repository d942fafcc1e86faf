// File and folder replay: line handling, order, skipped bad input, backpressure, clear errors.
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FileSource } from '../../../src/sources/file-source.js';
import { MemorySink, nextTurn, waitFor } from '../support/memory-sink.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'k8saudit-file-'));
const event = (id: string, ts = '2024-01-02T03:04:05Z') => JSON.stringify({ kind: 'Event', auditID: id, stageTimestamp: ts, verb: 'get' });
const opts = { maxEventSize: 262144, maxLineBytes: 4096 };
const finished = (sink: MemorySink) => waitFor(() => sink.ended > 0 || sink.failures.length > 0, 'the source to finish');

function write(name: string, text: string): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, text);
  return file;
}

describe('FileSource', () => {
  it('reads JSON lines (CRLF, blank lines, EventList, arrays) then ends', async () => {
    const list = JSON.stringify({ kind: 'EventList', items: [JSON.parse(event('b')), JSON.parse(event('c'))] });
    const file = write('a.jsonl', `${event('a')}\r\n\n${list}\n[${event('d')}]`);
    const sink = new MemorySink();
    new FileSource(file, opts, sink).start();
    await finished(sink);
    expect(sink.ended).toBe(1);
    expect(sink.events.map((e) => e.auditId)).toEqual(['a', 'b', 'c', 'd']);
    expect(sink.events[0]!.ts).toBe(1704164645000000000n);
  });

  it('skips bad payloads and over-long lines with counters, keeping the good events', async () => {
    const file = write('bad.jsonl', [event('a'), 'not json', 'x'.repeat(10_000), event('b'), '{"kind":"Event","auditID":"c"}', event('d')].join('\n'));
    const sink = new MemorySink();
    new FileSource(file, opts, sink).start();
    await finished(sink);
    expect(sink.events.map((e) => e.auditId)).toEqual(['a', 'b', 'd']);
    expect(sink.counters.get('payloads_rejected')).toBe(1);
    expect(sink.counters.get('lines_too_long')).toBe(1);
    expect(sink.counters.get('events_dropped')).toBe(1);
    expect(sink.logs.some((l) => /10000 bytes/.test(l.message))).toBe(true);
  });

  it('reads a folder in ascending modification time', async () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'dir-'));
    ['1', '2', '3'].forEach((id, i) => {
      const f = path.join(dir, `f${3 - i}.jsonl`);
      fs.writeFileSync(f, event(id));
      fs.utimesSync(f, 1_700_000_000 + i, 1_700_000_000 + i);
    });
    fs.mkdirSync(path.join(dir, 'sub'));
    const sink = new MemorySink();
    new FileSource(dir, opts, sink).start();
    await finished(sink);
    expect(sink.events.map((e) => e.auditId)).toEqual(['1', '2', '3']);
  });

  it('pauses while the consumer is full and resumes on drain, losing nothing', async () => {
    // Several read chunks' worth of lines: only the chunk being read may pass the full consumer.
    const n = 30_000;
    const lines = Array.from({ length: n }, (_, i) => event(`e${i}`)).join('\n');
    const file = write('many.jsonl', lines);
    const sink = new MemorySink(100);
    const source = new FileSource(file, { ...opts, maxLineBytes: 1 << 20 }, sink);
    source.start();
    await waitFor(() => source.paused, 'reading to pause');
    expect(sink.backlog.length).toBeGreaterThanOrEqual(100);
    expect(sink.ended).toBe(0);
    expect(sink.allEvents.length).toBeLessThan(n);
    while (sink.ended === 0) {
      const pushed = sink.nextPush();
      sink.consume(50);
      if (sink.backlog.length === 0 && sink.ended === 0) await pushed;
      else await nextTurn();
    }
    expect(sink.allEvents).toHaveLength(n);
    expect(new Set(sink.allEvents.map((e) => e.auditId)).size).toBe(n);
    expect(sink.maxBacklog).toBeLessThan(n);
  });

  it('rejects a missing path with a clear message', () => {
    expect(() => new FileSource(path.join(tmp, 'nope.jsonl'), opts, new MemorySink())).toThrow(/cannot open audit file ".*nope.jsonl": no such file or directory/);
  });

  it('stops at once on close', async () => {
    const file = write('close.jsonl', Array.from({ length: 20000 }, (_, i) => event(`e${i}`)).join('\n'));
    const sink = new MemorySink();
    const src = new FileSource(file, opts, sink);
    src.start();
    src.close();
    const pushes = sink.pushes;
    // A destroyed stream emits no more data; let the pending I/O callbacks run to be sure.
    for (let i = 0; i < 5; i++) await nextTurn();
    expect(sink.pushes).toBe(pushes);
    expect(sink.ended).toBe(0);
    expect(sink.events.length).toBeLessThan(20000);
  });
});
