// A value block: the result of one field request on one event, as JS encodes it (layout in
// src/bridge/wire-contract.ts): the values, or the error message of a failed extraction. Strings
// stay NUL-terminated in place so Falco can be handed pointers into the block.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace k8s {

// The fewest bytes a value block takes (a status byte and a u32), to refuse impossible counts.
constexpr size_t kMinValueBlockBytes = 1 + sizeof(uint32_t);

struct DecodedValues {
  bool ok = false;                  // false: malformed block
  bool is_error = false;            // the extraction failed; error points at its message
  const char* error = nullptr;
  std::vector<const char*> values;  // valid while the block's memory is
};

// Decodes the block at [data, data+len). Returns the number of bytes it spans (0 if malformed).
size_t decode_value_block(const uint8_t* data, size_t len, DecodedValues* out);

}  // namespace k8s
