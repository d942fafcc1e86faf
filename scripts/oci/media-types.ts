// Media types and annotation keys of the OCI image spec and of falcoctl's Falco artifacts
// (falcoctl pkg/oci/constants.go).
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';

export const PLUGIN_CONFIG = 'application/vnd.cncf.falco.plugin.config.v1+json';
export const PLUGIN_LAYER = 'application/vnd.cncf.falco.plugin.layer.v1+tar.gz';
export const RULESFILE_CONFIG = 'application/vnd.cncf.falco.rulesfile.config.v1+json';
export const RULESFILE_LAYER = 'application/vnd.cncf.falco.rulesfile.layer.v1+tar.gz';

/** File name falcoctl saves a layer under before extracting it (and "config" for the config). */
export const ANNOTATION_TITLE = 'org.opencontainers.image.title';
export const ANNOTATION_SOURCE = 'org.opencontainers.image.source';
/** In an image layout's index.json: which artifact and tag a root entry is (`name:tag`). */
export const ANNOTATION_REF_NAME = 'org.opencontainers.image.ref.name';
