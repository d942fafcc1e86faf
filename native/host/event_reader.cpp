#include "event_reader.h"

#include <time.h>

#include <cstring>

namespace host {
namespace {

uint32_t read_u32(const uint8_t* p) {
  uint32_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

uint64_t now_ns() {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1000000000ull + static_cast<uint64_t>(ts.tv_nsec);
}

}  // namespace

std::string prepare_event(fp_event_header* evt, uint32_t plugin_id, EventView* out) {
  if (evt == nullptr) return "null event pointer in the batch";
  auto* bytes = reinterpret_cast<uint8_t*>(evt);

  fp_event_header h;
  std::memcpy(&h, evt, sizeof h);
  if (h.type != FP_PLUGIN_EVENT_TYPE) {
    return "event type " + std::to_string(h.type) + ", expected " +
           std::to_string(FP_PLUGIN_EVENT_TYPE) + " (plugin event)";
  }
  if (h.nparams != 2) return "nparams " + std::to_string(h.nparams) + ", expected 2";
  if (h.len < fp::kDataOffset) {
    return "len " + std::to_string(h.len) + " is shorter than a plugin event with an empty payload (" +
           std::to_string(fp::kDataOffset) + ")";
  }
  const uint32_t id_len = read_u32(bytes + fp::kParamLensOffset);
  const uint32_t data_len = read_u32(bytes + fp::kParamLensOffset + 4);
  if (id_len != 4) return "plugin ID parameter length " + std::to_string(id_len) + ", expected 4";
  const uint64_t expected = static_cast<uint64_t>(fp::kDataOffset) + data_len;
  if (h.len != expected) {
    return "len " + std::to_string(h.len) + " inconsistent with its parameters (26 + 8 + 4 + " +
           std::to_string(data_len) + " = " + std::to_string(expected) + ")";
  }

  const uint32_t evt_id = read_u32(bytes + fp::kPluginIdOffset);
  if (evt_id == 0) {
    if (plugin_id == 0) return "malformed plugin event: no plugin ID (and the plugin has ID 0)";
    std::memcpy(bytes + fp::kPluginIdOffset, &plugin_id, sizeof plugin_id);
  } else if (plugin_id != 0 && evt_id != plugin_id) {
    return "unexpected plugin ID in plugin event: expected_id=" + std::to_string(plugin_id) +
           ", actual_id=" + std::to_string(evt_id);
  }

  evt->tid = UINT64_MAX;
  if (h.ts == UINT64_MAX) evt->ts = now_ns();

  out->evt = evt;
  out->ts = evt->ts;
  out->data = std::string_view(reinterpret_cast<const char*>(bytes + fp::kDataOffset), data_len);
  return std::string();
}

}  // namespace host
