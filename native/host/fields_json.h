// The field table a plugin declares with plugin_get_fields, read and checked the way Falco's
// libsinsp does when it loads a plugin (same required keys, same refusals).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace host {

struct FieldInfo {
  std::string name;
  std::string type_name;   // as declared: "string", "uint64", ...
  uint32_t ftype = 0;      // FP_FTYPE_* code; 0 when this host cannot extract the type
  bool is_list = false;
  bool arg_required = false;
  bool arg_index = false;
  bool arg_key = false;
  std::string desc;

  bool extractable() const { return ftype != 0; }
  bool arg_allowed() const { return arg_index || arg_key; }
  // "none", "index", "key", "index|key", with ",required" appended when the argument is required.
  std::string arg_kind() const;
};

// Parses and validates the JSON returned by plugin_get_fields. Throws std::runtime_error with a
// message naming the problem (as Falco would refuse the plugin). `json` may be nullptr (refused).
std::vector<FieldInfo> parse_field_list(const char* json);

}  // namespace host
