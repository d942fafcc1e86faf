// Extraction when no precomputed value exists (events from a capture file, or fields Falco asked
// for after the batch was encoded). Falco asks for many fields of the same event in a row, so the
// last parsed event is kept: each event is parsed once.
import { extractField, parseEventData } from '../audit/extract.js';
import type { JsonNode } from '../audit/json.js';
import type { FieldResult } from '../audit/result.js';
import { fieldArgOf } from '../bridge/field-slots.js';
import type { ExtractRequest } from '../bridge/native-binding.js';

export class FallbackExtractor {
  private lastEvtnum: bigint | undefined;
  private lastData: Buffer | undefined;
  private lastRoot: JsonNode | Error | undefined;

  extract(data: Uint8Array, request: ExtractRequest): FieldResult {
    const root = this.parsed(Buffer.from(data.buffer, data.byteOffset, data.byteLength), request.evtnum);
    if (root instanceof Error) return { kind: 'error', message: root.message };
    return extractField(root, request.id, fieldArgOf(request));
  }

  private parsed(data: Buffer, evtnum: bigint): JsonNode | Error {
    if (this.lastRoot !== undefined && this.lastEvtnum === evtnum && this.lastData?.equals(data)) {
      return this.lastRoot;
    }
    this.lastEvtnum = evtnum;
    this.lastData = Buffer.from(data);
    this.lastRoot = parseEventData(data.toString('utf8'));
    return this.lastRoot;
  }
}
