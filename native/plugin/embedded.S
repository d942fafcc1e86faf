/* Embeds the generated files named by the K8S_* macros, each followed by a NUL byte. */
#define EMBED(sym, file) \
  .section .rodata; .global sym; .type sym, @object; .balign 16; sym: .incbin file; .byte 0; .size sym, . - sym

EMBED(k8s_embedded_bundle_js, K8S_BUNDLE_JS)
EMBED(k8s_embedded_fields_json, K8S_FIELDS_JSON)
EMBED(k8s_embedded_init_schema_json, K8S_INIT_SCHEMA_JSON)
EMBED(k8s_embedded_open_params_json, K8S_OPEN_PARAMS_JSON)

.section .note.GNU-stack,"",@progbits
