#include "core/field_slots.h"

namespace k8s {

uint32_t FieldSlots::find_or_add(const FieldRequest& request) {
  std::lock_guard<std::mutex> lock(mu_);
  const bool without_argument = request.arg_kind == ArgKind::kNone;
  if (without_argument && request.field_id < slot_by_field_id_.size() &&
      slot_by_field_id_[request.field_id] != kNoSlot) {
    return slot_by_field_id_[request.field_id];
  }
  auto it = slot_by_request_.find(request);
  if (it != slot_by_request_.end()) return it->second;
  const auto slot = static_cast<uint32_t>(requests_by_slot_.size());
  requests_by_slot_.push_back(request);
  slot_by_request_.emplace(request, slot);
  if (without_argument) {
    if (slot_by_field_id_.size() <= request.field_id) {
      slot_by_field_id_.resize(request.field_id + 1, kNoSlot);
    }
    slot_by_field_id_[request.field_id] = slot;
  }
  return slot;
}

std::vector<FieldRequest> FieldSlots::since(size_t known) const {
  std::lock_guard<std::mutex> lock(mu_);
  if (known >= requests_by_slot_.size()) return {};
  return {requests_by_slot_.begin() + static_cast<std::ptrdiff_t>(known), requests_by_slot_.end()};
}

}  // namespace k8s
