// A minimal strict JSON reader (RFC 8259), enough to read what plugins return from
// plugin_get_fields. No dependency; not tuned for speed (called once per load).
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace host::json {

struct Value {
  enum class Type { Null, Bool, Number, String, Array, Object };

  Type type = Type::Null;
  bool boolean = false;
  double number = 0;
  std::string string;                                  // Type::String (UTF-8)
  std::vector<Value> array;                            // Type::Array
  std::vector<std::pair<std::string, Value>> members;  // Type::Object, in document order

  bool is_null() const { return type == Type::Null; }
  bool is_bool() const { return type == Type::Bool; }
  bool is_string() const { return type == Type::String; }
  bool is_array() const { return type == Type::Array; }
  bool is_object() const { return type == Type::Object; }

  // First member named `key`, or nullptr (also when this is not an object).
  const Value* find(std::string_view key) const;
};

class ParseError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Parses exactly one JSON value; surrounding whitespace is allowed, anything else throws
// ParseError (with the byte offset). Nesting deeper than 256 levels is refused.
Value parse(std::string_view text);

}  // namespace host::json
