// Chooses the event source for open_params: the LDP WebSocket tail (the plugin's purpose), or a
// JSON-lines audit file / folder replayed once (tests, demos, incident replays).
import type { EventSink, EventSource } from '../sources/source.js';
import type { PluginConfig } from '../config/keys.js';
import type { PositionHandoff } from '../sources/ldp/position-keeper.js';
import { isStreamList, parseStreamList } from '../sources/ldp/stream-list.js';
import { LDP_COUNTERS } from '../sources/ldp/counters.js';
import { PAYLOAD_ISSUE_COUNTERS } from '../sources/payload-intake.js';

export const OPEN_PARAMS_HELP =
  'give the LDP WebSocket tail URL (gra<x>.logs.ovh.com/tail/?tk=<token>, or a full wss:// URL), NAME=URL entries separated by spaces for several clusters, or the path of a JSON-lines audit file or folder';

/** True when open_params names a file or folder rather than an LDP endpoint. */
export function isFilePath(params: string): boolean {
  if (params.includes('://')) return false;
  if (/[?&]tk=|\/tail\b/.test(params)) return false;
  return true;
}

/** `handoff`: where LDP positions wait for the next plugin instance of this process. */
export function openSource(params: string, config: PluginConfig, sink: EventSink, handoff: PositionHandoff): EventSource {
  const trimmed = params.trim();
  if (trimmed === '') throw new Error(`open_params is empty: ${OPEN_PARAMS_HELP}`);
  // Each source is loaded when first opened: plugin_init then does not compile the Node modules
  // they need (net, tls, https, ws) in a runtime without a code cache for its built-ins.
  if (isFilePath(trimmed)) {
    const { FileSource, FILE_COUNTERS } = require('../sources/file-source.js') as typeof import('../sources/file-source.js');
    declareCounters(sink, FILE_COUNTERS);
    return new FileSource(trimmed, { maxEventSize: config.maxEventSize, maxLineBytes: config.maxPayloadSize }, sink);
  }
  // A path may hold spaces: only LDP open params are a list.
  const entries = parseStreamList(trimmed);
  declareCounters(sink, LDP_COUNTERS);
  const ldp = { ...config, maxMessageBytes: config.maxPayloadSize, handoff };
  if (isStreamList(entries)) {
    const { FleetSource } = require('../sources/ldp/fleet-source.js') as typeof import('../sources/ldp/fleet-source.js');
    return new FleetSource(entries, ldp, sink);
  }
  const { LdpSource } = require('../sources/ldp/ldp-source.js') as typeof import('../sources/ldp/ldp-source.js');
  return new LdpSource(trimmed, ldp, sink);
}

/** Every counter a source may count is exported from the start, at 0 (Prometheus practice). */
function declareCounters(sink: EventSink, counters: readonly string[]): void {
  for (const name of [...counters, ...Object.values(PAYLOAD_ISSUE_COUNTERS)]) sink.count(name, 0);
}
