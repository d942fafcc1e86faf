#include "core/redact.h"

namespace k8s {

namespace {

bool is_letter(char c, char lower) { return c == lower || c == lower - ('a' - 'A'); }

// Length of a `tk=` or `tk%3D` key starting at `at`, or 0 when none starts there.
size_t key_length(std::string_view text, size_t at) {
  const std::string_view rest = text.substr(at);
  if (rest.size() < 3 || !is_letter(rest[0], 't') || !is_letter(rest[1], 'k')) return 0;
  if (rest[2] == '=') return 3;
  if (rest.size() >= 5 && rest[2] == '%' && rest[3] == '3' && is_letter(rest[4], 'd')) return 5;
  return 0;
}

// The non-ASCII characters JavaScript's \s matches, in UTF-8.
constexpr std::string_view kUnicodeSpaces[] = {
    "\xC2\xA0",                                                            // U+00A0
    "\xE1\x9A\x80",                                                        // U+1680
    "\xE2\x80\x80", "\xE2\x80\x81", "\xE2\x80\x82", "\xE2\x80\x83",        // U+2000..
    "\xE2\x80\x84", "\xE2\x80\x85", "\xE2\x80\x86", "\xE2\x80\x87",
    "\xE2\x80\x88", "\xE2\x80\x89", "\xE2\x80\x8A",                        // ..U+200A
    "\xE2\x80\xA8", "\xE2\x80\xA9", "\xE2\x80\xAF", "\xE2\x81\x9F",        // U+2028 U+2029 U+202F U+205F
    "\xE3\x80\x80",                                                        // U+3000
    "\xEF\xBB\xBF",                                                        // U+FEFF
};
constexpr std::string_view kAsciiValueEnds = "&\"'`<>#\t\n\v\f\r ";

// Whether the character at `at` ends a token value.
bool ends_value(std::string_view text, size_t at) {
  if (kAsciiValueEnds.find(text[at]) != std::string_view::npos) return true;
  if (static_cast<unsigned char>(text[at]) < 0x80) return false;
  const std::string_view rest = text.substr(at);
  for (std::string_view space : kUnicodeSpaces) {
    if (rest.substr(0, space.size()) == space) return true;
  }
  return false;
}

}  // namespace

std::string redact_secrets(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t at = 0;
  while (at < text.size()) {
    const size_t key = key_length(text, at);
    if (key == 0) {
      out += text[at++];
      continue;
    }
    out.append(text.substr(at, key)).append("***");
    at += key;
    while (at < text.size() && !ends_value(text, at)) ++at;
  }
  return out;
}

}  // namespace k8s
