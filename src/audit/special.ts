// Field readers with their own logic: binding subjects, the target pod, ka.uri.param, privileged,
// host paths, volume types, source IPs.
import { type JsonNode, decodedString, getMember, stringValue } from './json.js';
import { walkSlots } from './recipes.js';
import { WRONG_TYPE, type FieldReader, NO_VALUE, error, one, values } from './result.js';
import { UriError, uriQueryParam } from './uri.js';
import { ALL, lookup } from './walk.js';

const SUBJECTS = ['requestObject', 'subjects'];

/** SUBJ(K) / SUBJNS: subjects of kind K; the value is the name, or "namespace:name". */
export function subjects(kind: string, withNamespace: boolean): FieldReader {
  return (root) => {
    const subs = lookup(root, SUBJECTS);
    if (subs === undefined) return NO_VALUE;
    if (subs.kind !== 'array') return WRONG_TYPE;
    const out: string[] = [];
    for (const s of subs.items) {
      const k = getMember(s, 'kind');
      const name = getMember(s, 'name');
      if (k === undefined || name === undefined || stringValue(k) !== kind) continue;
      if (!withNamespace) {
        out.push(stringValue(name));
        continue;
      }
      const ns = getMember(s, 'namespace');
      if (ns !== undefined) out.push(stringValue(ns) + ':' + stringValue(name));
    }
    return values(out);
  };
}

/** Decoded text of a JSON string, "" for anything else (missing, other types). */
function stringOrEmpty(v: JsonNode | undefined): string {
  return v !== undefined && v.kind === 'string' ? decodedString(v) : '';
}

const RESOURCE = ['objectRef', 'resource'];
const SUBRESOURCE = ['objectRef', 'subresource'];
const RESPONSE_NAME = ['responseObject', 'metadata', 'name'];

/** ka.target.pod.name: responseObject.metadata.name, only for `pods` without a subresource. */
export const targetPodName: FieldReader = (root) => {
  if (stringOrEmpty(lookup(root, RESOURCE)) !== 'pods' || stringOrEmpty(lookup(root, SUBRESOURCE)) !== '') return NO_VALUE;
  const v = lookup(root, RESPONSE_NAME);
  return v === undefined ? NO_VALUE : one(stringValue(v));
};

/** ka.uri.param[key]. */
export const uriParam: FieldReader = (root, _idx, key) => {
  const u = getMember(root, 'requestURI');
  if (u === undefined) return NO_VALUE;
  try {
    const v = uriQueryParam(stringValue(u), key);
    return v === undefined ? NO_VALUE : one(v);
  } catch (e) {
    return error(e instanceof UriError ? e.message : String(e));
  }
};

const CONTAINER_PRIVILEGED = ['requestObject', 'spec', 'containers', 'securityContext', 'privileged'];

/** ka.req.container.privileged: "true" if any container has the literal `true`, else "false". */
export const anyPrivileged: FieldReader = (root) => {
  const slots = walkSlots(root, CONTAINER_PRIVILEGED, ALL);
  if (slots === undefined) return NO_VALUE;
  for (const s of slots) if (s !== null && s.kind === 'true') return one('true');
  return one('false');
};

const HOSTPATHS = ['requestObject', 'spec', 'volumes', 'hostPath', 'path'];

/**
 * ka.req.volume.hostpath[key]: does the hostPath equal the key (or start with it, for `prefix*`)?
 * As upstream behaves inside Falco (golden data): Falco passes index 0 with a key argument, so only
 * the FIRST volume is examined, and no volumes / a first volume without hostPath give no value.
 */
export const hostPathUsed: FieldReader = (root, _idx, key) => {
  if (key === '') return NO_VALUE; // upstream crashes here; we give no value
  const slots = walkSlots(root, HOSTPATHS, 0);
  if (slots === undefined) return NO_VALUE;
  const prefix = key.endsWith('*') ? key.slice(0, -1) : undefined;
  for (const s of slots) {
    if (s === null) continue;
    const path = stringValue(s);
    if (path === key || (prefix !== undefined && path.startsWith(prefix))) return one('true');
  }
  return one('false');
};

const VOLUMES = ['requestObject', 'spec', 'volumes', ''];

/** ka.req.pod.volumes.volume_type: member names other than `name` of each volume object. */
export const volumeTypes: FieldReader = (root, idx) => {
  const slots = walkSlots(root, VOLUMES, idx);
  if (slots === undefined) return NO_VALUE;
  const out: string[] = [];
  for (const s of slots) {
    if (s === null || s.kind !== 'object') continue;
    for (const k of s.keys) {
      const name = decodedString(k);
      if (name !== 'name') out.push(name);
    }
  }
  return values(out);
};

/** ka.req.binding.subject.has_name: always "true" past the auditID gate (upstream behaviour). */
export const alwaysTrue: FieldReader = () => one('true');

const SOURCE_IPS = ['sourceIPs'];

/** ka.sourceips (deliberate deviation): the event's top-level sourceIPs list; an index picks one. */
export const sourceIps: FieldReader = (root, idx) => {
  const v = lookup(root, SOURCE_IPS);
  if (v === undefined) return NO_VALUE;
  if (v.kind !== 'array') return WRONG_TYPE;
  if (idx === ALL) return values(v.items.map(stringValue));
  const e = v.items[idx];
  return e === undefined ? NO_VALUE : one(stringValue(e));
};
