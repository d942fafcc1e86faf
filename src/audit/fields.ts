// The ka.* field table, in upstream get_fields order: the position is the field id. The 71 base
// fields come first, then the fields generated for initContainers and ephemeralContainers.

export interface FieldDef {
  name: string;
  isList: boolean;
  arg: 'none' | 'index' | 'key';
  desc: string;
}

type Row = readonly [name: string, kind: 'one' | 'list' | 'index' | 'key', desc: string];

const POD = 'When the request object refers to a pod, ';
const BINDING = 'When the request object refers to a cluster role binding, ';
const ROLE = 'When the request object refers to a role/cluster role, ';
const SERVICE = 'When the request object refers to a service, ';
const OPENSHIFT = 'Only available on openshift clusters';
const POD_CONTAINERS = 'ka.req.pod.containers.';

// Base descriptions are upstream's text, typos included: rules and tools compare them verbatim.
const BASE: readonly Row[] = [
  ['ka.auditid', 'one', 'The unique id of the audit event'],
  ['ka.stage', 'one', 'Stage of the request (e.g. RequestReceived, ResponseComplete, etc.)'],
  ['ka.auth.decision', 'one', 'The authorization decision'],
  ['ka.auth.reason', 'one', 'The authorization reason'],
  ['ka.auth.openshift.decision', 'one', `The authentication decision of the openshfit apiserver extention. ${OPENSHIFT}`],
  ['ka.validations.admission.policy.failure', 'one', 'The validation failure reason from a Validation Admission Policy'],
  ['ka.security.pod.violations', 'one', 'The violation reason for pod security policy '],
  ['ka.auth.openshift.username', 'one', `The user name performing the openshift authentication operation. ${OPENSHIFT}`],
  ['ka.user.name', 'one', 'The user name performing the request'],
  ['ka.user.groups', 'list', 'The groups to which the user belongs'],
  ['ka.impuser.name', 'one', 'The impersonated user name'],
  ['ka.verb', 'one', 'The action being performed'],
  ['ka.uri', 'one', 'The request URI as sent from client to server'],
  ['ka.uri.param', 'key', 'The value of a given query parameter in the uri (e.g. when uri=/foo?key=val, ka.uri.param[key] is val).'],
  ['ka.target.name', 'one', 'The target object name'],
  ['ka.target.namespace', 'one', 'The target object namespace'],
  ['ka.target.resource', 'one', 'The target object resource'],
  ['ka.target.subresource', 'one', 'The target object subresource'],
  ['ka.target.pod.name', 'one', 'The target pod name'],
  ['ka.req.binding.subjects', 'list', `${BINDING}the subject (e.g. account/users) being linked by the binding`],
  ['ka.req.binding.subjects.user_names', 'list', `${BINDING}the subject user names being linked by the binding`],
  ['ka.req.binding.subjects.serviceaccount_names', 'list', `${BINDING}the subject service account names being linked by the binding`],
  ['ka.req.binding.subjects.serviceaccount_ns_names', 'list', `${BINDING}the subject serviceaccount namespaced names being linked by the binding, e.g. a list containing: mynamespace:myserviceaccount`],
  ['ka.req.binding.subjects.group_names', 'list', `${BINDING}the subject group names being linked by the binding`],
  ['ka.req.binding.role', 'one', `${BINDING}the role being linked by the binding`],
  ['ka.req.binding.subject.has_name', 'key', 'Deprecated, always returns "N/A". Only provided for backwards compatibility'],
  ['ka.req.configmap.name', 'one', 'If the request object refers to a configmap, the configmap name'],
  ['ka.req.configmap.obj', 'one', 'If the request object refers to a configmap, the entire configmap object'],
  [`${POD_CONTAINERS}args`, 'index', `${POD}the container's args.`],
  [`${POD_CONTAINERS}command`, 'index', `${POD}the container's command.`],
  [`${POD_CONTAINERS}name`, 'index', `${POD}the container's names.`],
  [`${POD_CONTAINERS}image`, 'index', `${POD}the container's images.`],
  ['ka.req.container.image', 'one', 'Deprecated by ka.req.pod.containers.image. Returns the image of the first container only'],
  [`${POD_CONTAINERS}image.repository`, 'index', 'The same as req.container.image, but only the repository part (e.g. falcosecurity/falco).'],
  ['ka.req.container.image.repository', 'one', 'Deprecated by ka.req.pod.containers.image.repository. Returns the repository of the first container only'],
  ['ka.req.pod.host_ipc', 'one', `${POD}the value of the hostIPC flag.`],
  ['ka.req.pod.host_network', 'one', `${POD}the value of the hostNetwork flag.`],
  ['ka.req.container.host_network', 'one', 'Deprecated alias for ka.req.pod.host_network'],
  ['ka.req.pod.host_pid', 'one', `${POD}the value of the hostPID flag.`],
  [`${POD_CONTAINERS}host_port`, 'index', `${POD}all container's hostPort values.`],
  [`${POD_CONTAINERS}privileged`, 'index', `${POD}the value of the privileged flag for all containers.`],
  ['ka.req.container.privileged', 'one', 'Deprecated by ka.req.pod.containers.privileged. Returns true if any container has privileged=true'],
  [`${POD_CONTAINERS}allow_privilege_escalation`, 'index', `${POD}the value of the allowPrivilegeEscalation flag for all containers`],
  [`${POD_CONTAINERS}read_only_fs`, 'index', `${POD}the value of the readOnlyRootFilesystem flag for all containers`],
  ['ka.req.pod.run_as_user', 'one', `${POD}the runAsUser uid specified in the security context for the pod. See ....containers.run_as_user for the runAsUser for individual containers`],
  [`${POD_CONTAINERS}run_as_user`, 'index', `${POD}the runAsUser uid for all containers`],
  [`${POD_CONTAINERS}eff_run_as_user`, 'index', `${POD}the initial uid that will be used for all containers. This combines information from both the pod and container security contexts and uses 0 if no uid is specified`],
  ['ka.req.pod.run_as_group', 'one', `${POD}the runAsGroup gid specified in the security context for the pod. See ....containers.run_as_group for the runAsGroup for individual containers`],
  [`${POD_CONTAINERS}run_as_group`, 'index', `${POD}the runAsGroup gid for all containers`],
  [`${POD_CONTAINERS}eff_run_as_group`, 'index', `${POD}the initial gid that will be used for all containers. This combines information from both the pod and container security contexts and uses 0 if no gid is specified`],
  [`${POD_CONTAINERS}proc_mount`, 'index', `${POD}the procMount types for all containers`],
  ['ka.req.role.rules', 'list', `${ROLE}the rules associated with the role`],
  ['ka.req.role.rules.apiGroups', 'index', `${ROLE}the api groups associated with the role's rules`],
  ['ka.req.role.rules.nonResourceURLs', 'index', `${ROLE}the non resource urls associated with the role's rules`],
  ['ka.req.role.rules.verbs', 'index', `${ROLE}the verbs associated with the role's rules`],
  ['ka.req.role.rules.resources', 'index', `${ROLE}the resources associated with the role's rules`],
  ['ka.req.pod.fs_group', 'one', `${POD}the fsGroup gid specified by the security context.`],
  ['ka.req.pod.supplemental_groups', 'list', `${POD}the supplementalGroup gids specified by the security context.`],
  [`${POD_CONTAINERS}add_capabilities`, 'index', `${POD}all capabilities to add when running the container.`],
  ['ka.req.service.type', 'one', `${SERVICE}the service type`],
  ['ka.req.service.ports', 'index', `${SERVICE}the service's ports`],
  ['ka.req.pod.volumes.hostpath', 'index', `${POD}all hostPath paths specified for all volumes`],
  ['ka.req.volume.hostpath', 'key', 'Deprecated by ka.req.pod.volumes.hostpath. Return true if the provided (host) path prefix is used by any volume'],
  ['ka.req.pod.volumes.flexvolume_driver', 'index', `${POD}all flexvolume drivers specified for all volumes`],
  ['ka.req.pod.volumes.volume_type', 'index', `${POD}all volume types for all volumes`],
  ['ka.resp.name', 'one', 'The response object name'],
  ['ka.response.code', 'one', 'The response code'],
  ['ka.response.reason', 'one', 'The response reason (usually present only for failures)'],
  ['ka.useragent', 'one', 'The useragent of the client who made the request to the apiserver'],
  ['ka.sourceips', 'index', 'The IP addresses of the client who made the request to the apiserver'],
  ['ka.cluster.name', 'one', 'The name of the k8s cluster'],
];

/** Suffixes of the generated init/ephemeral container fields, in order, with their desc templates. */
const CONTAINER_LIST_SUFFIXES: readonly (readonly [suffix: string, template: string])[] = [
  ['name', `${POD}the {label} names.`],
  ['image', `${POD}the {label} images.`],
  ['image.repository', 'The same as {prefix}image, but only the repository part (e.g. falcosecurity/falco).'],
  ['command', `${POD}the {label} commands.`],
  ['args', `${POD}the {label} args.`],
  ['privileged', `${POD}the value of the privileged flag for all {label}.`],
  ['allow_privilege_escalation', `${POD}the value of the allowPrivilegeEscalation flag for all {label}.`],
  ['read_only_fs', `${POD}the value of the readOnlyRootFilesystem flag for all {label}.`],
  ['run_as_user', `${POD}the runAsUser uid for all {label}.`],
  ['eff_run_as_user', `${POD}the initial uid that will be used for all {label}. This combines information from both the pod and container security contexts and uses 0 if no uid is specified.`],
  ['run_as_group', `${POD}the runAsGroup gid for all {label}.`],
  ['eff_run_as_group', `${POD}the initial gid that will be used for all {label}. This combines information from both the pod and container security contexts and uses 0 if no gid is specified.`],
  ['proc_mount', `${POD}the procMount type for all {label}.`],
  ['add_capabilities', `${POD}the capabilities added for all {label}.`],
  ['host_port', `${POD}all {label} hostPort values.`],
];

function generated(list: string, label: string, withHostPort: boolean): Row[] {
  const prefix = `ka.req.pod.${list}.`;
  return CONTAINER_LIST_SUFFIXES.filter(([s]) => withHostPort || s !== 'host_port').map(
    ([s, t]) => [prefix + s, 'index', t.replace('{label}', label).replace('{prefix}', prefix)] as const,
  );
}

const ROWS: readonly Row[] = [
  ...BASE,
  ...generated('initContainers', 'init containers', true),
  ...generated('ephemeralContainers', 'ephemeral containers', false),
];

export const FIELDS: readonly FieldDef[] = Object.freeze(
  ROWS.map(([name, kind, desc]) =>
    Object.freeze({
      name,
      isList: kind === 'list' || kind === 'index',
      arg: kind === 'index' ? 'index' : kind === 'key' ? 'key' : 'none',
      desc,
    } as const),
  ),
);

const ID_BY_NAME = new Map(FIELDS.map((f, i) => [f.name, i]));

export function fieldIdByName(name: string): number | undefined {
  return ID_BY_NAME.get(name);
}

let cachedJson: string | undefined;

/** The get_fields JSON: compact, 100 entries, keys in upstream order (byte-identical to upstream's). */
export function fieldsJson(): string {
  cachedJson ??= JSON.stringify(
    FIELDS.map((f) => ({
      name: f.name,
      type: 'string',
      isList: f.isList,
      arg: { isRequired: f.arg === 'key', isIndex: f.arg === 'index', isKey: f.arg === 'key' },
      display: '',
      desc: f.desc,
      properties: null,
    })),
  );
  return cachedJson;
}
