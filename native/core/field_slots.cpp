#include "core/field_slots.h"

namespace k8s {

uint32_t FieldSlots::find_or_add(const FieldRequest& request) {
  std::lock_guard<std::mutex> lock(mu_);
  const bool plain = request.arg_kind == ArgKind::kNone;
  if (plain && request.field_id < plain_.size() && plain_[request.field_id] != kNoSlot) {
    return plain_[request.field_id];
  }
  auto it = index_.find(request);
  if (it != index_.end()) return it->second;
  const auto slot = static_cast<uint32_t>(slots_.size());
  slots_.push_back(request);
  index_.emplace(request, slot);
  if (plain) {
    if (plain_.size() <= request.field_id) plain_.resize(request.field_id + 1, kNoSlot);
    plain_[request.field_id] = slot;
  }
  return slot;
}

std::vector<FieldRequest> FieldSlots::since(size_t known) const {
  std::lock_guard<std::mutex> lock(mu_);
  if (known >= slots_.size()) return {};
  return {slots_.begin() + static_cast<std::ptrdiff_t>(known), slots_.end()};
}

}  // namespace k8s
