// Compact JSON output for the plugin host: string escaping and a small streaming writer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace host {

// Appends `s` as a quoted JSON string.
// - Valid UTF-8 is copied unchanged (no \u escapes for non-ASCII).
// - '"' and '\\' are escaped; \b \f \n \r \t use their short forms; every other byte below 0x20
//   and DEL (0x7f) become \u00XX (lowercase hex).
// - Invalid UTF-8 becomes U+FFFD (written as the raw UTF-8 bytes EF BF BD), one per maximal
//   subpart of an ill-formed sequence, the substitution the Unicode standard recommends and that
//   WHATWG TextDecoder / Node's Buffer#toString use, so a test written in JavaScript sees the
//   same text it would get from decoding the bytes itself.
void append_json_string(std::string& out, std::string_view s);

// A minimal streaming writer: it inserts the commas, nothing else. Misuse (a value where a key is
// expected) is the caller's bug; the writer does not check it.
class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(std::string_view k);

  JsonWriter& string(std::string_view v);
  JsonWriter& string_or_null(const char* v);  // null when v == nullptr
  JsonWriter& u64(uint64_t v);
  JsonWriter& i64(int64_t v);
  JsonWriter& number(double v, int decimals);  // fixed notation; non-finite values become null
  JsonWriter& boolean(bool v);
  JsonWriter& null();
  JsonWriter& u64_as_string(uint64_t v);  // "123": exact even above 2^53

 private:
  void before_value();

  std::string& out_;
  std::vector<bool> need_comma_;  // one entry per open container
  bool after_key_ = false;
};

}  // namespace host
