// Bad input on demand: frames a client must skip without dropping the connection.
import { wrapGelf, type GelfWrapOptions } from './gelf.js';

/**
 * One frame of each malformed kind: 7 bad envelopes/GELF records, 2 rejected payloads, 1 event
 * with a bad stageTimestamp (10 frames).
 */
export function malformedFrames(timestamp: number, gelf: GelfWrapOptions = {}): string[] {
  const ts = '2024-01-02T03:04:05Z';
  return [
    'not json at all',
    '[1,2]',
    JSON.stringify({ message: { nested: 'object' } }),
    JSON.stringify({ msg: 'x' }),
    JSON.stringify({ message: 'null' }),
    JSON.stringify({ message: 'not gelf' }),
    JSON.stringify({ message: JSON.stringify({ _appID: 'a', host: 'h' }) }),
    wrapGelf('not json', timestamp, gelf),
    wrapGelf(JSON.stringify({ kind: 'Foo', auditID: 'bad-kind', stageTimestamp: ts }), timestamp, gelf),
    wrapGelf(JSON.stringify({ kind: 'Event', auditID: 'bad-ts', stageTimestamp: 'nope' }), timestamp, gelf),
  ];
}

/** A valid audit Event whose compact JSON is `bytes` long (at least its fixed part). */
export function oversizedEvent(bytes: number, auditId: string): string {
  const head = { kind: 'Event', auditID: auditId, stageTimestamp: new Date().toISOString(), pad: '' };
  const padLength = Math.max(0, bytes - JSON.stringify(head).length);
  return JSON.stringify({ ...head, pad: 'x'.repeat(padLength) });
}
