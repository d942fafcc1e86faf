// Little-endian reading of the JS -> native byte layouts (src/bridge/wire-contract.ts).
#pragma once

#include <cstdint>
#include <cstring>

namespace k8s::wire {

// A bounds-checked cursor over a byte range; any overrun sets failed() and reads zeros.
class Reader {
 public:
  Reader(const uint8_t* data, size_t len) : p_(data), end_(data + len) {}
  uint8_t u8() { return read<uint8_t>(); }
  uint32_t u32() { return read<uint32_t>(); }
  uint64_t u64() { return read<uint64_t>(); }
  // Skips n bytes and returns where they start (nullptr on overrun).
  const uint8_t* skip(size_t n) {
    if (failed_ || static_cast<size_t>(end_ - p_) < n) {
      failed_ = true;
      return nullptr;
    }
    const uint8_t* at = p_;
    p_ += n;
    return at;
  }
  const uint8_t* position() const { return p_; }
  size_t remaining() const { return static_cast<size_t>(end_ - p_); }
  bool failed() const { return failed_; }

 private:
  template <typename T>
  T read() {
    T v{};
    if (const uint8_t* at = skip(sizeof(T))) std::memcpy(&v, at, sizeof(T));
    return v;
  }
  const uint8_t* p_;
  const uint8_t* end_;
  bool failed_ = false;
};

}  // namespace k8s::wire
