// Data compiled into the plugin (embedded.S): the JavaScript bundle and the static JSON that
// Falco may ask for before any plugin_init (fields, init schema, open params).
#pragma once

extern "C" {
extern const char k8s_embedded_bundle_js[];
extern const char k8s_embedded_fields_json[];
extern const char k8s_embedded_init_schema_json[];
extern const char k8s_embedded_open_params_json[];
}
