// Per-container fields of containers / initContainers / ephemeralContainers (spec §2.6, §2.7).
import { stringValue } from './json.js';
import { imageRepository, join, mapValues, ports, skipNil, strict, walkSlots } from './recipes.js';
import { type Extractor, NV, values } from './result.js';
import { lookup } from './walk.js';

export type ContainerList = 'containers' | 'initContainers' | 'ephemeralContainers';

/** Extractors keyed by field suffix (`name`, `image`, ..., `host_port`) for one container list. */
export function containerExtractors(list: ContainerList): Record<string, Extractor> {
  const p = (...rest: string[]): readonly string[] => ['requestObject', 'spec', list, ...rest];
  const sc = (...rest: string[]): readonly string[] => p('securityContext', ...rest);
  return {
    name: strict(p('name')),
    image: strict(p('image')),
    'image.repository': mapValues(strict(p('image')), imageRepository),
    command: join(p('command')),
    args: join(p('args')),
    privileged: skipNil(sc('privileged')),
    allow_privilege_escalation: skipNil(sc('allowPrivilegeEscalation')),
    read_only_fs: skipNil(sc('readOnlyRootFilesystem')),
    run_as_user: skipNil(sc('runAsUser')),
    eff_run_as_user: effectiveId(list, 'runAsUser'),
    run_as_group: skipNil(sc('runAsGroup')),
    eff_run_as_group: effectiveId(list, 'runAsGroup'),
    proc_mount: skipNil(sc('procMount')),
    add_capabilities: skipNil(sc('capabilities', 'add')),
    host_port: ports(p('ports')),
  };
}

/**
 * eff_run_as_user / eff_run_as_group — a DELIBERATE DEVIATION from upstream, which reads paths that
 * skip securityContext and so reports "0" for real pods. Here, per container: its
 * securityContext.<id> if set (present, not null), else the pod's spec.securityContext.<id>, else "0".
 * With an index, the value for that container; NV when out of range.
 */
function effectiveId(list: ContainerList, id: 'runAsUser' | 'runAsGroup'): Extractor {
  const eachContainer = ['requestObject', 'spec', list, '']; // "" yields each container itself
  const podPath = ['requestObject', 'spec', 'securityContext', id];
  const containerPath = ['securityContext', id];
  return (root, idx) => {
    const slots = walkSlots(root, eachContainer, idx);
    if (slots === undefined) return NV;
    let podDefault: string | undefined;
    const out: string[] = [];
    for (const c of slots) {
      if (c === null || c.kind !== 'object') continue; // not a container
      const own = lookup(c, containerPath);
      if (own !== undefined && own.kind !== 'null') {
        out.push(stringValue(own));
        continue;
      }
      if (podDefault === undefined) {
        const pod = lookup(root, podPath);
        podDefault = pod !== undefined && pod.kind !== 'null' ? stringValue(pod) : '0';
      }
      out.push(podDefault);
    }
    return values(out);
  };
}
