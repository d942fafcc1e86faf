// The LDP token never leaves the plugin: every message the shim logs or reports as an error goes
// through redact_secrets first. It applies the same rule as redactSecrets in src/util/redact.ts,
// and both are tested against test/fixtures/redaction-cases.json:
//   after every `tk=` or `tk%3D` (ASCII letters in any case), the value up to the next `&`,
//   whitespace (as JavaScript's \s: ASCII and Unicode spaces, line and paragraph separators,
//   U+FEFF), quote, backquote, `<`, `>` or `#` becomes `***`; the key keeps its spelling.
#pragma once

#include <string>
#include <string_view>

namespace k8s {

std::string redact_secrets(std::string_view text);

}  // namespace k8s
