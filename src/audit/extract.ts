// ka.* field extraction: a table of small field readers indexed by field id, run over an event
// parsed once (a token index, no tree); readers write values into a ValueOut.
import { containerFieldReaders } from './containers.js';
import { FIELDS } from './fields.js';
import { JsonDoc, JsonError, JsonNode, OBJECT, member, parseInto } from './json.js';
import { atIndex, flat, imageRepository, list, scalar, skipNil, strict } from './recipes.js';
import type { FieldReader, FieldArg, FieldResult, ValueOut } from './result.js';
import { alwaysTrue, anyPrivileged, hostPathUsed, sourceIps, subjects, targetPodName, uriParam, volumeTypes } from './special.js';
import { ResultOut } from './values.js';
import { ALL } from './walk.js';

export type { FieldReader, FieldArg, FieldResult, ValueOut } from './result.js';

const REQUEST_OBJECT = 'requestObject';
const annotation = (name: string): FieldReader => scalar(['annotations', name]);

const BY_NAME: Record<string, FieldReader> = {
  'ka.auditid': scalar(['auditID']),
  'ka.stage': scalar(['stage']),
  'ka.auth.decision': annotation('authorization.k8s.io/decision'),
  'ka.auth.reason': annotation('authorization.k8s.io/reason'),
  'ka.auth.openshift.decision': annotation('authentication.openshift.io/decision'),
  'ka.validations.admission.policy.failure': annotation('validation.policy.admission.k8s.io/validation_failure'),
  'ka.security.pod.violations': annotation('pod-security.kubernetes.io/audit-violations'),
  'ka.auth.openshift.username': annotation('authentication.openshift.io/username'),
  'ka.user.name': scalar(['user', 'username']),
  'ka.user.groups': list(['user', 'groups']),
  'ka.impuser.name': scalar(['impersonatedUser', 'username']),
  'ka.verb': scalar(['verb']),
  'ka.uri': scalar(['requestURI']),
  'ka.uri.param': uriParam,
  'ka.target.name': scalar(['objectRef', 'name']),
  'ka.target.namespace': scalar(['objectRef', 'namespace']),
  'ka.target.resource': scalar(['objectRef', 'resource']),
  'ka.target.subresource': scalar(['objectRef', 'subresource']),
  'ka.target.pod.name': targetPodName,
  'ka.req.binding.subjects': list([REQUEST_OBJECT, 'subjects']),
  'ka.req.binding.subjects.user_names': subjects('User', false),
  'ka.req.binding.subjects.serviceaccount_names': subjects('ServiceAccount', false),
  'ka.req.binding.subjects.serviceaccount_ns_names': subjects('ServiceAccount', true),
  'ka.req.binding.subjects.group_names': subjects('Group', false),
  'ka.req.binding.role': scalar([REQUEST_OBJECT, 'roleRef', 'name']),
  'ka.req.binding.subject.has_name': alwaysTrue,
  'ka.req.configmap.name': scalar(['objectRef', 'name']),
  'ka.req.configmap.obj': scalar([REQUEST_OBJECT, 'data']),
  'ka.req.pod.host_ipc': scalar([REQUEST_OBJECT, 'spec', 'hostIPC']),
  'ka.req.pod.host_network': scalar([REQUEST_OBJECT, 'spec', 'hostNetwork']),
  'ka.req.container.host_network': scalar([REQUEST_OBJECT, 'spec', 'hostNetwork']),
  'ka.req.pod.host_pid': scalar([REQUEST_OBJECT, 'spec', 'hostPID']),
  'ka.req.container.privileged': anyPrivileged,
  'ka.req.pod.run_as_user': scalar([REQUEST_OBJECT, 'spec', 'securityContext', 'runAsUser']),
  'ka.req.pod.run_as_group': scalar([REQUEST_OBJECT, 'spec', 'securityContext', 'runAsGroup']),
  'ka.req.role.rules': list([REQUEST_OBJECT, 'rules']),
  'ka.req.role.rules.apiGroups': flat([REQUEST_OBJECT, 'rules', 'apiGroups']),
  'ka.req.role.rules.nonResourceURLs': flat([REQUEST_OBJECT, 'rules', 'nonResourceURLs']),
  'ka.req.role.rules.verbs': flat([REQUEST_OBJECT, 'rules', 'verbs']),
  'ka.req.role.rules.resources': flat([REQUEST_OBJECT, 'rules', 'resources']),
  'ka.req.pod.fs_group': scalar([REQUEST_OBJECT, 'spec', 'securityContext', 'fsGroup']),
  'ka.req.pod.supplemental_groups': list([REQUEST_OBJECT, 'spec', 'securityContext', 'supplementalGroups']),
  'ka.req.service.type': scalar([REQUEST_OBJECT, 'spec', 'type']),
  'ka.req.service.ports': skipNil([REQUEST_OBJECT, 'spec', 'ports']),
  'ka.req.pod.volumes.hostpath': skipNil([REQUEST_OBJECT, 'spec', 'volumes', 'hostPath', 'path']),
  'ka.req.volume.hostpath': hostPathUsed,
  'ka.req.pod.volumes.flexvolume_driver': skipNil([REQUEST_OBJECT, 'spec', 'volumes', 'flexVolume', 'driver']),
  'ka.req.pod.volumes.volume_type': volumeTypes,
  'ka.resp.name': scalar(['responseObject', 'metadata', 'name']),
  'ka.response.code': scalar(['responseStatus', 'code']),
  'ka.response.reason': scalar(['responseStatus', 'reason']),
  'ka.useragent': scalar(['userAgent']),
  'ka.sourceips': sourceIps,
  'ka.cluster.name': annotation('cluster_name'),
};

for (const listName of ['containers', 'initContainers', 'ephemeralContainers'] as const) {
  for (const [suffix, reader] of Object.entries(containerFieldReaders(listName))) BY_NAME[`ka.req.pod.${listName}.${suffix}`] = reader;
}
// The deprecated single-value fields read the first container only.
const FIRST_IMAGE = [REQUEST_OBJECT, 'spec', 'containers', 'image'];
BY_NAME['ka.req.container.image'] = atIndex(strict(FIRST_IMAGE), 0);
BY_NAME['ka.req.container.image.repository'] = atIndex(strict(FIRST_IMAGE, imageRepository), 0);

/**
 * Field readers indexed by field id (FIELDS order), for batch precomputation. They assume the auditID
 * gate passed and take a resolved index (ALL or 0..2^63-1) and key; extractField does all of that.
 */
export const FIELD_READERS: readonly FieldReader[] = FIELDS.map((f) => {
  const reader = BY_NAME[f.name];
  if (reader === undefined) throw new Error(`no field reader for ${f.name}`);
  return reader;
});

/** Event data must start with `{` or `[` and parse as JSON into `doc`: undefined, or an Error saying why not. */
export function parseEventInto(doc: JsonDoc, data: string): Error | undefined {
  const c = data.charCodeAt(0);
  if (c !== 123 && c !== 91) return new Error('broken JSON data');
  try {
    parseInto(doc, data);
    return undefined;
  } catch (e) {
    return new Error(`cannot parse event data: ${e instanceof JsonError ? e.message : String(e)}`);
  }
}

/** Event data parsed into a document of its own (see parseEventInto): the root, or an Error. */
export function parseEventData(data: string): JsonNode | Error {
  const doc = new JsonDoc();
  return parseEventInto(doc, data) ?? new JsonNode(doc, doc.first);
}

const INDEX_ALL = 18446744073709551615n; // upstream reads it as -1: every element
const INDEX_LIMIT = 9223372036854775808n; // 2^63 and above (but ALL) crash upstream: no value here

/**
 * One field request resolved once (reader, index, key), for the values of many events: `root` is
 * the token of the parsed event when it passed the auditID gate (gatedRoot), else -1. Never throws.
 */
export type PreparedField = (doc: JsonDoc, root: number, out: ValueOut) => void;

/** Token t when fields can have values: an object with a top-level auditID member (of any type), else -1. */
export function gatedRoot(doc: JsonDoc, t: number): number {
  return doc.kind(t) === OBJECT && member(doc, t, 'auditID') >= 0 ? t : -1;
}

export function prepareField(fieldId: number, arg: FieldArg): PreparedField {
  const read = FIELD_READERS[fieldId];
  const field = FIELDS[fieldId];
  if (read === undefined || field === undefined) {
    const unsupported = `unsupported extraction field id: ${fieldId}`;
    return (_doc, _root, out) => out.fail(unsupported);
  }
  let idx = ALL;
  if (field.arg === 'index' && arg.kind === 'index' && arg.index !== INDEX_ALL) {
    if (arg.index < 0n || arg.index >= INDEX_LIMIT) return () => undefined;
    idx = Number(arg.index);
  }
  const key = arg.kind === 'key' ? arg.key : '';
  return (doc, root, out) => {
    if (root < 0) return;
    try {
      read(doc, root, idx, key, out);
    } catch (e) {
      out.fail(`extraction failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
}

/** The values of field `fieldId` for the parsed event `root` (see PreparedField). */
export function extractField(root: JsonNode, fieldId: number, arg: FieldArg): FieldResult {
  const out = new ResultOut();
  prepareField(fieldId, arg)(root.doc, gatedRoot(root.doc, root.index), out);
  return out.result();
}
