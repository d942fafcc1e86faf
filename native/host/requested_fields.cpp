#include "requested_fields.h"

#include <cctype>
#include <fstream>
#include <set>

#include "errors.h"

namespace host {
namespace {

std::string trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

uint64_t parse_index(const std::string& request, const std::string& arg) {
  const auto bad = [&](const char* why) {
    return UsageError("field request '" + request + "': " + why + ": '" + arg + "'");
  };
  if (arg.empty() || (arg.size() > 1 && arg[0] == '0')) {
    throw bad("invalid index argument (empty or starting with 0)");
  }
  uint64_t v = 0;
  for (char c : arg) {
    if (!std::isdigit(static_cast<unsigned char>(c))) {
      throw bad("invalid index argument (not only digits)");
    }
    const uint64_t d = static_cast<uint64_t>(c - '0');
    if (v > (UINT64_MAX - d) / 10) throw bad("invalid index argument (not representable on 64 bits)");
    v = v * 10 + d;
  }
  return v;
}

}  // namespace

std::vector<std::string> split_request_list(std::string_view list) {
  std::vector<std::string> out;
  int depth = 0;
  size_t start = 0;
  for (size_t i = 0; i <= list.size(); ++i) {
    if (i == list.size() || (list[i] == ',' && depth == 0)) {
      std::string item = trim(list.substr(start, i - start));
      if (!item.empty()) out.push_back(std::move(item));
      start = i + 1;
      continue;
    }
    if (list[i] == '[') ++depth;
    else if (list[i] == ']' && depth > 0) --depth;
  }
  return out;
}

std::vector<std::string> read_request_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw UsageError("cannot read --fields-file '" + path + "'");
  std::vector<std::string> out;
  std::string line;
  while (std::getline(in, line)) {
    std::string item = trim(line);
    if (item.empty() || item[0] == '#') continue;
    out.push_back(std::move(item));
  }
  return out;
}

std::vector<std::string> all_field_requests(const std::vector<FieldInfo>& fields,
                                            std::vector<std::string>* skipped) {
  std::vector<std::string> out;
  for (const auto& f : fields) {
    if (f.arg_required || !f.extractable()) {
      if (skipped != nullptr) skipped->push_back(f.name);
      continue;
    }
    out.push_back(f.name);
  }
  return out;
}

RequestedField resolve_field(const std::string& text, const std::vector<FieldInfo>& fields) {
  const size_t bracket = text.find('[');
  const std::string name = text.substr(0, bracket);

  const FieldInfo* info = nullptr;
  uint32_t id = 0;
  for (uint32_t i = 0; i < fields.size(); ++i) {
    if (fields[i].name == name) {
      info = &fields[i];
      id = i;
      break;
    }
  }
  if (info == nullptr) throw UsageError("unknown field '" + name + "' (see --list-fields)");
  if (!info->extractable()) {
    throw UsageError("field '" + name + "' has type '" + info->type_name +
                     "', which this host cannot extract (only string and uint64)");
  }

  RequestedField r;
  r.text = text;
  r.field_id = id;
  r.name = info->name;
  r.ftype = info->ftype;
  r.is_list = info->is_list;

  if (bracket != std::string::npos) {
    const size_t start = bracket + 1;
    if (start >= text.size()) {
      throw UsageError("field request '" + text + "' terminates with incomplete argument brackets");
    }
    const size_t close = text.find(']', start);
    if (close == std::string::npos) {
      throw UsageError("field request '" + text + "' has unbalanced argument brackets");
    }
    if (close + 1 != text.size()) {
      throw UsageError("field request '" + text + "' has text after the argument");
    }
    const std::string arg = text.substr(start, close - start);
    if (!info->arg_allowed()) {
      throw UsageError("field '" + name + "' does not allow nor require an argument but one is provided: " + arg);
    }
    r.arg_present = true;
    if (info->arg_index) r.arg_index = parse_index(text, arg);
    if (info->arg_key) {
      r.has_arg_key = true;
      r.arg_key = arg;
    }
  } else if (info->arg_required) {
    throw UsageError("field '" + name + "' requires an argument but none provided (" + name +
                     "[" + (info->arg_key ? "key" : "index") + "])");
  }
  return r;
}

std::vector<RequestedField> resolve_fields(const std::vector<std::string>& texts,
                                           const std::vector<FieldInfo>& fields) {
  std::vector<RequestedField> out;
  std::set<std::string> seen;
  for (const auto& t : texts) {
    if (!seen.insert(t).second) continue;
    out.push_back(resolve_field(t, fields));
  }
  return out;
}

}  // namespace host
