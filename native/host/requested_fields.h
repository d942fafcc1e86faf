// Field requests ("name" or "name[arg]") resolved against the plugin's field table, giving
// exactly what Falco puts in ss_plugin_extract_field for a filter check on that field.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fields_json.h"

namespace host {

struct RequestedField {
  std::string text;      // the request as written, e.g. "ka.uri.param[command]" (JSON key)
  uint32_t field_id = 0; // index in the plugin_get_fields list
  std::string name;      // field name without the argument
  bool arg_present = false;
  bool has_arg_key = false;     // arg_key is passed (field accepts a key); else arg_key = NULL
  std::string arg_key;          // storage for fp_extract_field::arg_key
  uint64_t arg_index = 0;
  uint32_t ftype = 0;
  bool is_list = false;
};

// Splits a comma-separated list on the commas that are not inside [...]; trims each item and
// drops empty ones.
std::vector<std::string> split_request_list(std::string_view list);

// One request per line; blank lines and lines starting with '#' are skipped. Throws UsageError.
std::vector<std::string> read_request_file(const std::string& path);

// Every field without an argument, skipping fields whose argument is required and fields whose
// type this host cannot extract (those are reported in `skipped`).
std::vector<std::string> all_field_requests(const std::vector<FieldInfo>& fields,
                                            std::vector<std::string>* skipped);

// Resolves one request with Falco's rules (libsinsp sinsp_filter_check_plugin::parse_field_name):
// the argument is the text between '[' and the first ']'; an argument is refused on a field that
// takes none and required when isRequired; an index must be digits without a leading zero and fit
// in 64 bits; a key is passed as is. Throws UsageError with a clear message.
RequestedField resolve_field(const std::string& text, const std::vector<FieldInfo>& fields);

// Resolves a list, dropping exact duplicates (first one kept).
std::vector<RequestedField> resolve_fields(const std::vector<std::string>& texts,
                                           const std::vector<FieldInfo>& fields);

}  // namespace host
