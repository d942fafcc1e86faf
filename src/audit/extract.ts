// ka.* field extraction (spec §2): a table of small extractors indexed by field id, run over an event
// parsed once by the caller.
import { containerExtractors } from './containers.js';
import { FIELDS } from './fields.js';
import { JsonError, type JsonNode, getMember, parseJson } from './json.js';
import { atIndex, flat, imageRepository, list, mapValues, scalar, skipNil } from './recipes.js';
import { type Extractor, type FieldArg, type FieldResult, NV, error } from './result.js';
import { alwaysTrue, anyPrivileged, hostPathUsed, sourceIps, subjects, targetPodName, uriParam, volumeTypes } from './special.js';
import { ALL } from './walk.js';

export type { Extractor, FieldArg, FieldResult } from './result.js';

const RO = 'requestObject';
const ann = (name: string): Extractor => scalar(['annotations', name]);

const BY_NAME: Record<string, Extractor> = {
  'ka.auditid': scalar(['auditID']),
  'ka.stage': scalar(['stage']),
  'ka.auth.decision': ann('authorization.k8s.io/decision'),
  'ka.auth.reason': ann('authorization.k8s.io/reason'),
  'ka.auth.openshift.decision': ann('authentication.openshift.io/decision'),
  'ka.validations.admission.policy.failure': ann('validation.policy.admission.k8s.io/validation_failure'),
  'ka.security.pod.violations': ann('pod-security.kubernetes.io/audit-violations'),
  'ka.auth.openshift.username': ann('authentication.openshift.io/username'),
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
  'ka.req.binding.subjects': list([RO, 'subjects']),
  'ka.req.binding.subjects.user_names': subjects('User', false),
  'ka.req.binding.subjects.serviceaccount_names': subjects('ServiceAccount', false),
  'ka.req.binding.subjects.serviceaccount_ns_names': subjects('ServiceAccount', true),
  'ka.req.binding.subjects.group_names': subjects('Group', false),
  'ka.req.binding.role': scalar([RO, 'roleRef', 'name']),
  'ka.req.binding.subject.has_name': alwaysTrue,
  'ka.req.configmap.name': scalar(['objectRef', 'name']),
  'ka.req.configmap.obj': scalar([RO, 'data']),
  'ka.req.pod.host_ipc': scalar([RO, 'spec', 'hostIPC']),
  'ka.req.pod.host_network': scalar([RO, 'spec', 'hostNetwork']),
  'ka.req.container.host_network': scalar([RO, 'spec', 'hostNetwork']),
  'ka.req.pod.host_pid': scalar([RO, 'spec', 'hostPID']),
  'ka.req.container.privileged': anyPrivileged,
  'ka.req.pod.run_as_user': scalar([RO, 'spec', 'securityContext', 'runAsUser']),
  'ka.req.pod.run_as_group': scalar([RO, 'spec', 'securityContext', 'runAsGroup']),
  'ka.req.role.rules': list([RO, 'rules']),
  'ka.req.role.rules.apiGroups': flat([RO, 'rules', 'apiGroups']),
  'ka.req.role.rules.nonResourceURLs': flat([RO, 'rules', 'nonResourceURLs']),
  'ka.req.role.rules.verbs': flat([RO, 'rules', 'verbs']),
  'ka.req.role.rules.resources': flat([RO, 'rules', 'resources']),
  'ka.req.pod.fs_group': scalar([RO, 'spec', 'securityContext', 'fsGroup']),
  'ka.req.pod.supplemental_groups': list([RO, 'spec', 'securityContext', 'supplementalGroups']),
  'ka.req.service.type': scalar([RO, 'spec', 'type']),
  'ka.req.service.ports': skipNil([RO, 'spec', 'ports']),
  'ka.req.pod.volumes.hostpath': skipNil([RO, 'spec', 'volumes', 'hostPath', 'path']),
  'ka.req.volume.hostpath': hostPathUsed,
  'ka.req.pod.volumes.flexvolume_driver': skipNil([RO, 'spec', 'volumes', 'flexVolume', 'driver']),
  'ka.req.pod.volumes.volume_type': volumeTypes,
  'ka.resp.name': scalar(['responseObject', 'metadata', 'name']),
  'ka.response.code': scalar(['responseStatus', 'code']),
  'ka.response.reason': scalar(['responseStatus', 'reason']),
  'ka.useragent': scalar(['userAgent']),
  'ka.sourceips': sourceIps,
  'ka.cluster.name': ann('cluster_name'),
};

for (const listName of ['containers', 'initContainers', 'ephemeralContainers'] as const) {
  for (const [suffix, ex] of Object.entries(containerExtractors(listName))) BY_NAME[`ka.req.pod.${listName}.${suffix}`] = ex;
}
// The deprecated single-value fields read the first container only.
const firstImage = atIndex(BY_NAME['ka.req.pod.containers.image']!, 0);
BY_NAME['ka.req.container.image'] = firstImage;
BY_NAME['ka.req.container.image.repository'] = mapValues(firstImage, imageRepository);

/**
 * Extractors indexed by field id (FIELDS order), for batch precomputation. They assume the auditID
 * gate passed and take a resolved index (ALL or 0..2^63-1) and key; extractField does all of that.
 */
export const EXTRACTORS: readonly Extractor[] = FIELDS.map((f) => {
  const ex = BY_NAME[f.name];
  if (ex === undefined) throw new Error(`no extractor for ${f.name}`);
  return ex;
});

/** Spec §2.1 step 1: event data must start with `{` or `[` and parse; the root, or an Error. */
export function parseEventData(data: string): JsonNode | Error {
  const c = data.charCodeAt(0);
  if (c !== 123 && c !== 91) return new Error('broken JSON data');
  try {
    return parseJson(data);
  } catch (e) {
    return new Error(`cannot parse event data: ${e instanceof JsonError ? e.message : String(e)}`);
  }
}

const INDEX_ALL = 18446744073709551615n; // upstream reads it as -1: every element
const INDEX_LIMIT = 9223372036854775808n; // 2^63 and above (but ALL) crash upstream: we give NV

/**
 * The values of field `fieldId` for the parsed event `root`. Never throws. Results are read-only
 * (no-value results are shared). Each value is cut at its first NUL, as Falco reads C strings.
 */
export function extractField(root: JsonNode, fieldId: number, arg: FieldArg): FieldResult {
  try {
    const ex = EXTRACTORS[fieldId];
    const def = FIELDS[fieldId];
    if (ex === undefined || def === undefined) return error(`unsupported extraction field id: ${fieldId}`);
    // Spec §2.1 step 2: without a top-level auditID member, no field has a value.
    if (root.kind !== 'object' || getMember(root, 'auditID') === undefined) return NV;
    let idx = ALL;
    if (def.arg === 'index' && arg.kind === 'index' && arg.index !== INDEX_ALL) {
      if (arg.index < 0n || arg.index >= INDEX_LIMIT) return NV;
      idx = Number(arg.index);
    }
    const r = ex(root, idx, arg.kind === 'key' ? arg.key : '');
    return r.kind === 'values' ? cutAtNul(r) : r;
  } catch (e) {
    return error(`extraction failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function cutAtNul(r: FieldResult & { kind: 'values' }): FieldResult {
  const vs = r.values;
  for (let i = 0; i < vs.length; i++) {
    if (vs[i]!.indexOf('\u0000') >= 0) return { kind: 'values', values: vs.map((v) => v.split('\u0000', 1)[0]!) };
  }
  return r;
}
