// What the plugin tells Falco about itself (plugin_get_name, plugin_get_id, ...). The build writes
// it, with package.json's version, into a C++ header for the shim (scripts/native-contract.mjs).
export const PLUGIN_IDENTITY = {
  name: 'k8saudit-ovh',
  /** Upstream k8saudit's ID, so rules and capture files made for it work unchanged. */
  id: 22,
  eventSource: 'k8s_audit',
  description: 'Read Kubernetes Audit Events for OVHcloud MKS from Logs Data Platform',
  contact: 'github.com/k8saudit-ovh/k8saudit-ovh',
  /** The lowest plugin API with what the shim uses: plugin_init's log function taking the owner. */
  requiredApiVersion: '3.3.0',
} as const;
