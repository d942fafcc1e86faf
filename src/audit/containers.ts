// Per-container fields of containers / initContainers / ephemeralContainers: the same readers for
// each list, under ka.req.pod.<list>.<suffix>.
import { NULL, OBJECT } from './json.js';
import { imageRepository, join, ports, skipNil, strict, walkSlots } from './recipes.js';
import type { FieldReader } from './result.js';
import { ABSENT, lookup } from './walk.js';

export type ContainerList = 'containers' | 'initContainers' | 'ephemeralContainers';

/** Extractors keyed by field suffix (`name`, `image`, ..., `host_port`) for one container list. */
export function containerFieldReaders(list: ContainerList): Record<string, FieldReader> {
  const inList = (...rest: string[]): readonly string[] => ['requestObject', 'spec', list, ...rest];
  const inSecurityContext = (...rest: string[]): readonly string[] => inList('securityContext', ...rest);
  return {
    name: strict(inList('name')),
    image: strict(inList('image')),
    'image.repository': strict(inList('image'), imageRepository),
    command: join(inList('command')),
    args: join(inList('args')),
    privileged: skipNil(inSecurityContext('privileged')),
    allow_privilege_escalation: skipNil(inSecurityContext('allowPrivilegeEscalation')),
    read_only_fs: skipNil(inSecurityContext('readOnlyRootFilesystem')),
    run_as_user: skipNil(inSecurityContext('runAsUser')),
    eff_run_as_user: effectiveId(list, 'runAsUser'),
    run_as_group: skipNil(inSecurityContext('runAsGroup')),
    eff_run_as_group: effectiveId(list, 'runAsGroup'),
    proc_mount: skipNil(inSecurityContext('procMount')),
    add_capabilities: skipNil(inSecurityContext('capabilities', 'add')),
    host_port: ports(inList('ports')),
  };
}

/**
 * eff_run_as_user / eff_run_as_group — a DELIBERATE DEVIATION from upstream, which reads paths that
 * skip securityContext and so reports "0" for real pods. Here, per container: its
 * securityContext.<id> if set (present, not null), else the pod's spec.securityContext.<id>, else "0".
 * With an index, the value for that container; no value when out of range.
 */
function effectiveId(list: ContainerList, id: 'runAsUser' | 'runAsGroup'): FieldReader {
  const eachContainer = ['requestObject', 'spec', list, '']; // "" yields each container itself
  const podPath = ['requestObject', 'spec', 'securityContext', id];
  const containerPath = ['securityContext', id];
  return (doc, root, idx, _key, out) => {
    const slots = walkSlots(doc, root, eachContainer, idx);
    if (slots === undefined) return;
    let pod = -2; // not looked up yet
    for (const c of slots) {
      if (c === ABSENT || doc.kind(c) !== OBJECT) continue; // not a container
      const own = lookup(doc, c, containerPath);
      if (own >= 0 && doc.kind(own) !== NULL) {
        out.value(doc, own);
        continue;
      }
      if (pod === -2) pod = lookup(doc, root, podPath);
      if (pod >= 0 && doc.kind(pod) !== NULL) out.value(doc, pod);
      else out.text('0');
    }
  };
}
