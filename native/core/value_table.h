// The values of every requested field slot for one event, as JS computes them on a fallback
// (the value table layout of src/bridge/wire-contract.ts). Kept natively so the next fields Falco
// asks for on the same event need no further call into JS.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace k8s {

class ValueTable {
 public:
  // Takes the bytes; false (and empty) when they are malformed.
  bool assign(std::vector<uint8_t> bytes);
  void clear();
  uint32_t slot_count() const { return static_cast<uint32_t>(offsets_.empty() ? 0 : offsets_.size() - 1); }
  // The block of `slot` (< slot_count()).
  const uint8_t* block(uint32_t slot, size_t* len) const;

 private:
  std::vector<uint8_t> bytes_;
  std::vector<uint32_t> offsets_;  // slot -> start; one extra at the end
};

}  // namespace k8s
