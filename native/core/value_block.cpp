#include "core/value_block.h"

#include "core/wire.h"
#include "generated/wire_contract.h"

namespace k8s {

namespace {
constexpr size_t kMinStringBytes = sizeof(uint32_t) + 1;  // the length and the NUL

// Reads one length-prefixed NUL-terminated string; nullptr when malformed.
const char* read_string(wire::Reader& r) {
  const uint32_t len = r.u32();
  const uint8_t* at = r.skip(static_cast<size_t>(len) + 1);
  if (at == nullptr || at[len] != 0) return nullptr;
  return reinterpret_cast<const char*>(at);
}
}  // namespace

size_t decode_value_block(const uint8_t* data, size_t len, DecodedValues* out) {
  wire::Reader r(data, len);
  out->ok = false;
  out->is_error = false;
  out->error = nullptr;
  out->values.clear();
  const auto status = static_cast<wire::ValueStatus>(r.u8());
  if (status == wire::ValueStatus::kError) {
    out->is_error = true;
    out->error = read_string(r);
    if (out->error == nullptr) return 0;
  } else if (status == wire::ValueStatus::kValues) {
    const uint32_t count = r.u32();
    if (r.failed() || count > r.remaining() / kMinStringBytes) return 0;
    out->values.reserve(count);
    for (uint32_t i = 0; i < count; ++i) {
      const char* s = read_string(r);
      if (s == nullptr) return 0;
      out->values.push_back(s);
    }
  } else {
    return 0;
  }
  if (r.failed()) return 0;
  out->ok = true;
  return static_cast<size_t>(r.position() - data);
}

}  // namespace k8s
