// The set of field requests Falco has made so far, in the order first seen. Slot numbers never
// change, so JS can precompute values for slots [0, K) and native code can tell which requests a
// batch covers. find_or_add runs on Falco's threads; since() on the JS thread.
#pragma once

#include <map>
#include <mutex>
#include <vector>

#include "core/field_request.h"

namespace k8s {

class FieldSlots {
 public:
  // Returns the slot of the request, adding it when new.
  uint32_t find_or_add(const FieldRequest& request);
  // Requests with slot >= known, in slot order.
  std::vector<FieldRequest> since(size_t known) const;

 private:
  static constexpr uint32_t kNoSlot = UINT32_MAX;
  mutable std::mutex mu_;
  std::vector<FieldRequest> requests_by_slot_;
  std::map<FieldRequest, uint32_t> slot_by_request_;
  std::vector<uint32_t> slot_by_field_id_;  // requests without an argument (the hot path)
};

}  // namespace k8s
