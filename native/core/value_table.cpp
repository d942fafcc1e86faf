#include "core/value_table.h"

#include "core/value_block.h"
#include "core/wire.h"

namespace k8s {

bool ValueTable::assign(std::vector<uint8_t> bytes) {
  clear();
  wire::Reader r(bytes.data(), bytes.size());
  const uint32_t count = r.u32();
  if (r.failed() || count > r.remaining() / kMinValueBlockBytes) return false;
  DecodedValues scratch;
  std::vector<uint32_t> offsets;
  offsets.reserve(count + 1);
  for (uint32_t i = 0; i < count; ++i) {
    offsets.push_back(static_cast<uint32_t>(r.position() - bytes.data()));
    const size_t used = decode_value_block(r.position(), r.remaining(), &scratch);
    if (used == 0) return false;
    r.skip(used);
  }
  if (r.remaining() != 0) return false;
  offsets.push_back(static_cast<uint32_t>(bytes.size()));
  bytes_ = std::move(bytes);
  offsets_ = std::move(offsets);
  return true;
}

void ValueTable::clear() {
  bytes_.clear();
  offsets_.clear();
}

const uint8_t* ValueTable::block(uint32_t slot, size_t* len) const {
  *len = offsets_[slot + 1] - offsets_[slot];
  return bytes_.data() + offsets_[slot];
}

}  // namespace k8s
