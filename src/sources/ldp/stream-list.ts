// open_params as a list of LDP streams, one per cluster: `NAME=URL` entries (or one bare URL, as
// before) separated by whitespace. Each URL may come from its own ${VAR}, so every token stays in
// its own Secret key. Errors name the entry, never its token.
import { redactSecrets } from '../../util/redact.js';

export interface StreamEntry {
  /** The cluster name (ka.cluster.name of its events); undefined for a single bare URL. */
  readonly name: string | undefined;
  /** The LDP URL as written (holds the token). */
  readonly url: string;
}

/** A cluster name: what may stand before the first `=` of an entry (a URL's part has `/`, `?` or `:`). */
const CLUSTER_NAME = /^[A-Za-z0-9._-]+$/;

export const STREAM_LIST_FORM =
  'give NAME=URL entries separated by spaces (NAME: letters, digits, ".", "_", "-"), or a single URL';

/** Splits open_params into stream entries. Throws one clear Error for a bad list. */
export function parseStreamList(openParams: string): StreamEntry[] {
  const entries = openParams.split(/\s+/).filter((text) => text !== '');
  const parsed = entries.map((text, i) => parseEntry(text, i + 1, entries.length));
  if (parsed.length > 1) {
    const seen = new Map<string, number>();
    parsed.forEach((entry, i) => {
      if (entry.name === undefined) {
        throw new Error(`open_params entry ${i + 1} ("${redactSecrets(entry.url)}") has no cluster name: with several streams, ${STREAM_LIST_FORM}`);
      }
      const first = seen.get(entry.name);
      if (first !== undefined) {
        throw new Error(`open_params entry ${i + 1} repeats the cluster name "${entry.name}" of entry ${first}: names must be unique`);
      }
      seen.set(entry.name, i + 1);
    });
  }
  return parsed;
}

function parseEntry(text: string, position: number, total: number): StreamEntry {
  const shown = `open_params entry ${position}${total > 1 ? ` of ${total}` : ''} ("${redactSecrets(text)}")`;
  const equals = text.indexOf('=');
  if (equals === 0) throw new Error(`${shown} has an empty cluster name: ${STREAM_LIST_FORM}`);
  const before = equals < 0 ? '' : text.slice(0, equals);
  if (equals < 0 || !CLUSTER_NAME.test(before)) return { name: undefined, url: text };
  const url = text.slice(equals + 1);
  if (url === '') throw new Error(`${shown}: cluster "${before}" has no URL (is its variable empty?): ${STREAM_LIST_FORM}`);
  return { name: before, url };
}

/** True when open_params names more than one entry or a named one: the several-cluster form. */
export function isStreamList(entries: readonly StreamEntry[]): boolean {
  return entries.length > 1 || entries.some((entry) => entry.name !== undefined);
}
