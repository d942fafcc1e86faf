// The OVH message vectors (O1–O15): LDP WebSocket message texts, each with the events it must give.
// Expected counts follow upstream except O4 (deliberate improvement: short_message is taken as is).

const EVENT_OK = '{"kind":"Event","auditID":"ok-1","stageTimestamp":"2024-01-02T03:04:05Z","verb":"get"}';
const EVENT_2 = '{"kind":"Event","auditID":"ok-2","stageTimestamp":"2024-01-02T03:04:06Z","verb":"list"}';

function gelf(fields: Record<string, unknown>): string {
  return JSON.stringify({ message: JSON.stringify(fields) });
}

export interface Vector {
  readonly id: string;
  readonly text: string;
  /** auditIDs of the events expected, in order. */
  readonly events: readonly string[];
  /** Counter expected to move (besides ldp_messages_received), when the message is skipped. */
  readonly counter?: 'ldp_messages_malformed' | 'payloads_rejected' | 'events_dropped';
}

export const O1_TEXT =
  '{"message":"{\\"_appID\\":\\"app-1\\",\\"short_message\\":\\"{\\\\\\"kind\\\\\\":\\\\\\"Event\\\\\\",\\\\\\"auditID\\\\\\":\\\\\\"ok-1\\\\\\",\\\\\\"stageTimestamp\\\\\\":\\\\\\"2024-01-02T03:04:05Z\\\\\\",\\\\\\"verb\\\\\\":\\\\\\"get\\\\\\"}\\",\\"host\\":\\"x\\",\\"level\\":6}"}';

export const VECTORS: readonly Vector[] = [
  { id: 'O1', text: O1_TEXT, events: ['ok-1'] },
  { id: 'O2 (no _appID)', text: gelf({ short_message: EVENT_OK, host: 'x', level: 6 }), events: ['ok-1'] },
  { id: 'O3 (_appID number)', text: gelf({ _appID: 12345, short_message: EVENT_OK }), events: ['ok-1'] },
  { id: 'O3 (_appID null)', text: gelf({ _appID: null, short_message: EVENT_OK }), events: ['ok-1'] },
  // Upstream loses this one (its "> " split lands inside the appID); we deliver it.
  { id: 'O4 (_appID "a> b", deviation)', text: gelf({ _appID: 'a> b', short_message: EVENT_OK }), events: ['ok-1'] },
  {
    id: 'O5 (EventList of 2)',
    text: gelf({ _appID: 'a', short_message: `{"kind":"EventList","items":[${EVENT_OK},${EVENT_2}]}` }),
    events: ['ok-1', 'ok-2'],
  },
  { id: 'O5 (array of 2)', text: gelf({ _appID: 'a', short_message: `[${EVENT_OK},${EVENT_2}]` }), events: ['ok-1', 'ok-2'] },
  { id: 'O6 (not json)', text: gelf({ _appID: 'a', short_message: 'not json' }), events: [], counter: 'payloads_rejected' },
  { id: 'O7 (no short_message)', text: gelf({ _appID: 'a', host: 'x' }), events: [], counter: 'ldp_messages_malformed' },
  {
    id: 'O8 (short_message object)',
    text: gelf({ _appID: 'a', short_message: { kind: 'Event' } }),
    events: [],
    counter: 'ldp_messages_malformed',
  },
  {
    id: 'O9 (envelope key "Message")',
    text: JSON.stringify({ Message: JSON.stringify({ _appID: 'a', short_message: EVENT_OK }) }),
    events: ['ok-1'],
  },
  {
    id: 'O9 (last case-insensitive match wins)',
    text: `{"message":${JSON.stringify(JSON.stringify({ short_message: 'not json' }))},"MESSAGE":${JSON.stringify(
      JSON.stringify({ short_message: EVENT_OK }),
    )}}`,
    events: ['ok-1'],
  },
  {
    // Object.keys would order the spellings by first occurrence (MESSAGE, message): document order decides.
    id: 'O9 (last match wins across repeated spellings)',
    text: `{"MESSAGE":${JSON.stringify(JSON.stringify({ short_message: 'not json' }))},"message":${JSON.stringify(
      JSON.stringify({ short_message: 'not json either' }),
    )},"MESSAGE":${JSON.stringify(JSON.stringify({ short_message: EVENT_OK }))}}`,
    events: ['ok-1'],
  },
  { id: 'O10 (message object)', text: '{"message":{"short_message":"x"}}', events: [], counter: 'ldp_messages_malformed' },
  { id: 'O11 (no message)', text: '{"msg":"x"}', events: [], counter: 'ldp_messages_malformed' },
  { id: 'O12 (not json)', text: 'not json at all', events: [], counter: 'ldp_messages_malformed' },
  { id: 'O12 (array)', text: '[1,2]', events: [], counter: 'ldp_messages_malformed' },
  { id: 'O13 ("null")', text: '{"message":"null"}', events: [], counter: 'ldp_messages_malformed' },
  { id: 'O13 ("[1]")', text: '{"message":"[1]"}', events: [], counter: 'ldp_messages_malformed' },
  {
    id: 'O14 (bad stageTimestamp)',
    text: gelf({ _appID: 'a', short_message: '{"kind":"Event","auditID":"bad","stageTimestamp":"nope"}' }),
    events: [],
    counter: 'events_dropped',
  },
  { id: 'O15 (leading spaces)', text: gelf({ _appID: 'a', short_message: `   ${EVENT_OK}` }), events: ['ok-1'] },
  { id: 'O15 (trailing newline)', text: gelf({ _appID: 'a', short_message: `${EVENT_OK}\n` }), events: ['ok-1'] },
];

export const O1_DATA = EVENT_OK;
export const O1_TS = 1704164645000000000n;
