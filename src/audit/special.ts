// Field readers with their own logic: binding subjects, the target pod, ka.uri.param, privileged,
// host paths, volume types, source IPs.
import { ARRAY, ESCAPES, OBJECT, STRING, TRUE, type JsonDoc, fieldText, fieldTextEquals, item, member, tokenString } from './json.js';
import { eachItem, walkSlots } from './recipes.js';
import { type FieldReader, WRONG_TYPE } from './result.js';
import { UriError, uriQueryParam } from './uri.js';
import { ABSENT, ALL, lookup } from './walk.js';

const SUBJECTS = ['requestObject', 'subjects'];

/** SUBJ(K) / SUBJNS: subjects of kind K; the value is the name, or "namespace:name". */
export function subjects(kind: string, withNamespace: boolean): FieldReader {
  return (doc, root, _idx, _key, out) => {
    const subs = lookup(doc, root, SUBJECTS);
    if (subs < 0) return;
    if (doc.kind(subs) !== ARRAY) return out.fail(WRONG_TYPE);
    eachItem(doc, subs, (s) => {
      const k = member(doc, s, 'kind');
      const name = member(doc, s, 'name');
      if (k < 0 || name < 0 || !fieldTextEquals(doc, k, kind)) return;
      if (!withNamespace) return out.value(doc, name);
      const ns = member(doc, s, 'namespace');
      if (ns < 0) return;
      out.begin();
      out.part(doc, ns);
      out.partText(':');
      out.part(doc, name);
      out.end();
    });
  };
}

/** Is token t a JSON string whose decoded text is `s`? */
function isString(doc: JsonDoc, t: number, s: string): boolean {
  return t >= 0 && doc.kind(t) === STRING && fieldTextEquals(doc, t, s);
}

/** Is token t missing, not a string, or the empty string? (What upstream reads as "".) */
function isEmptyOrNotString(doc: JsonDoc, t: number): boolean {
  return t < 0 || doc.kind(t) !== STRING || (!doc.hasFlag(t, ESCAPES) ? doc.end(t) - doc.start(t) === 2 : tokenString(doc, t) === '');
}

const RESOURCE = ['objectRef', 'resource'];
const SUBRESOURCE = ['objectRef', 'subresource'];
const RESPONSE_NAME = ['responseObject', 'metadata', 'name'];

/** ka.target.pod.name: responseObject.metadata.name, only for `pods` without a subresource. */
export const targetPodName: FieldReader = (doc, root, _idx, _key, out) => {
  if (!isString(doc, lookup(doc, root, RESOURCE), 'pods') || !isEmptyOrNotString(doc, lookup(doc, root, SUBRESOURCE))) return;
  const v = lookup(doc, root, RESPONSE_NAME);
  if (v >= 0) out.value(doc, v);
};

/** ka.uri.param[key]. */
export const uriParam: FieldReader = (doc, root, _idx, key, out) => {
  const u = member(doc, root, 'requestURI');
  if (u < 0) return;
  try {
    const v = uriQueryParam(fieldText(doc, u), key);
    if (v !== undefined) out.text(v);
  } catch (e) {
    out.fail(e instanceof UriError ? e.message : String(e));
  }
};

const CONTAINER_PRIVILEGED = ['requestObject', 'spec', 'containers', 'securityContext', 'privileged'];

/** ka.req.container.privileged: "true" if any container has the literal `true`, else "false". */
export const anyPrivileged: FieldReader = (doc, root, _idx, _key, out) => {
  const slots = walkSlots(doc, root, CONTAINER_PRIVILEGED, ALL);
  if (slots === undefined) return;
  out.text(slots.some((s) => s !== ABSENT && doc.kind(s) === TRUE) ? 'true' : 'false');
};

const HOSTPATHS = ['requestObject', 'spec', 'volumes', 'hostPath', 'path'];

/**
 * ka.req.volume.hostpath[key]: does the hostPath equal the key (or start with it, for `prefix*`)?
 * As upstream behaves inside Falco (golden data): Falco passes index 0 with a key argument, so only
 * the FIRST volume is examined, and no volumes / a first volume without hostPath give no value.
 */
export const hostPathUsed: FieldReader = (doc, root, _idx, key, out) => {
  if (key === '') return; // upstream crashes here; we give no value
  const slots = walkSlots(doc, root, HOSTPATHS, 0);
  if (slots === undefined) return;
  const prefix = key.endsWith('*') ? key.slice(0, -1) : undefined;
  for (const s of slots) {
    if (s === ABSENT) continue;
    const path = fieldText(doc, s);
    if (path === key || (prefix !== undefined && path.startsWith(prefix))) return out.text('true');
  }
  out.text('false');
};

const VOLUMES = ['requestObject', 'spec', 'volumes', ''];

/** ka.req.pod.volumes.volume_type: member names other than `name` of each volume object. */
export const volumeTypes: FieldReader = (doc, root, idx, _key, out) => {
  const slots = walkSlots(doc, root, VOLUMES, idx);
  if (slots === undefined) return;
  for (const s of slots) {
    if (s === ABSENT || doc.kind(s) !== OBJECT) continue;
    for (let k = s + 1; k < doc.next(s); k = doc.next(k + 1)) if (!fieldTextEquals(doc, k, 'name')) out.value(doc, k);
  }
};

/** ka.req.binding.subject.has_name: always "true" past the auditID gate (upstream behaviour). */
export const alwaysTrue: FieldReader = (_doc, _root, _idx, _key, out) => out.text('true');

/** ka.sourceips (deliberate deviation): the event's top-level sourceIPs list; an index picks one. */
export const sourceIps: FieldReader = (doc, root, idx, _key, out) => {
  const v = member(doc, root, 'sourceIPs');
  if (v < 0) return;
  if (doc.kind(v) !== ARRAY) return out.fail(WRONG_TYPE);
  if (idx === ALL) return eachItem(doc, v, (e) => out.value(doc, e));
  const e = item(doc, v, idx);
  if (e >= 0) out.value(doc, e);
};
