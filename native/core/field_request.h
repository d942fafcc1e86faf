// One field request as Falco makes it: a field id plus an optional index or key argument.
#pragma once

#include <cstdint>
#include <string>

#include "generated/wire_contract.h"

namespace k8s {

using wire::ArgKind;

struct FieldRequest {
  uint32_t field_id = 0;
  ArgKind arg_kind = ArgKind::kNone;
  uint64_t index = 0;  // meaningful when arg_kind == kIndex
  std::string key;     // meaningful when arg_kind == kKey

  bool operator<(const FieldRequest& o) const {
    if (field_id != o.field_id) return field_id < o.field_id;
    if (arg_kind != o.arg_kind) return arg_kind < o.arg_kind;
    if (index != o.index) return index < o.index;
    return key < o.key;
  }
};

}  // namespace k8s
