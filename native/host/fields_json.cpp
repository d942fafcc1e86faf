#include "fields_json.h"

#include <stdexcept>

#include "abi/falco_plugin_abi.h"
#include "json_reader.h"

namespace host {
namespace {

[[noreturn]] void refuse(const std::string& what) {
  throw std::runtime_error("plugin_get_fields: " + what);
}

// Optional boolean member: absent or null means false; any other non-boolean is refused (Falco).
bool optional_bool(const json::Value& obj, const char* key, const std::string& field) {
  const json::Value* v = obj.find(key);
  if (v == nullptr || v->is_null()) return false;
  if (!v->is_bool()) refuse("field " + field + ": " + key + " property is not boolean");
  return v->boolean;
}

std::string required_string(const json::Value& obj, const char* key, size_t index) {
  const json::Value* v = obj.find(key);
  if (v == nullptr || !v->is_string() || v->string.empty()) {
    refuse("field entry #" + std::to_string(index) + " has no " + key);
  }
  return v->string;
}

// Types Falco knows (libsinsp's s_pt_lut). This host extracts "string" and "uint64", the two the
// ABI header declares; the others are accepted in the table but cannot be requested.
uint32_t ftype_code(const std::string& type, bool* known) {
  *known = true;
  if (type == "string") return FP_FTYPE_STRING;
  if (type == "uint64") return FP_FTYPE_UINT64;
  if (type == "reltime" || type == "abstime" || type == "bool" || type == "ipaddr" ||
      type == "ipnet") {
    return 0;
  }
  *known = false;
  return 0;
}

}  // namespace

std::string FieldInfo::arg_kind() const {
  std::string k;
  if (arg_index && arg_key) k = "index|key";
  else if (arg_index) k = "index";
  else if (arg_key) k = "key";
  else k = "none";
  if (arg_required) k += ",required";
  return k;
}

std::vector<FieldInfo> parse_field_list(const char* text) {
  if (text == nullptr) refuse("returned a null string");
  json::Value root;
  try {
    root = json::parse(text);
  } catch (const json::ParseError& e) {
    refuse(std::string("returned invalid JSON: ") + e.what());
  }
  if (!root.is_array()) refuse("did not return a JSON array");

  std::vector<FieldInfo> fields;
  fields.reserve(root.array.size());
  for (size_t i = 0; i < root.array.size(); ++i) {
    const json::Value& entry = root.array[i];
    if (!entry.is_object()) refuse("field entry #" + std::to_string(i) + " is not an object");
    FieldInfo f;
    f.type_name = required_string(entry, "type", i);
    f.name = required_string(entry, "name", i);
    f.desc = required_string(entry, "desc", i);
    bool known = false;
    f.ftype = ftype_code(f.type_name, &known);
    if (!known) refuse("field " + f.name + ": invalid field type " + f.type_name);
    f.is_list = optional_bool(entry, "isList", f.name);

    const json::Value* arg = entry.find("arg");
    if (arg != nullptr && !arg->is_null()) {
      if (!arg->is_object()) refuse("field " + f.name + ": arg is not an object");
      f.arg_required = optional_bool(*arg, "isRequired", f.name);
      f.arg_index = optional_bool(*arg, "isIndex", f.name);
      f.arg_key = optional_bool(*arg, "isKey", f.name);
      if (f.arg_required && !f.arg_allowed()) {
        refuse("field " + f.name + ": arg has isRequired true, but none of isKey nor isIndex is true");
      }
    }

    const json::Value* props = entry.find("properties");
    if (props != nullptr && !props->is_null()) {
      if (!props->is_array()) refuse("field " + f.name + ": properties property is not array");
      for (const auto& p : props->array) {
        if (!p.is_string()) refuse("field " + f.name + ": properties value is not string");
      }
    }
    fields.push_back(std::move(f));
  }
  return fields;
}

}  // namespace host
