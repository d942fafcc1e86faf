// The layout of a scap plugin event: the event header (type FP_PLUGIN_EVENT_TYPE, two
// parameters), the two u32 parameter lengths, the u32 plugin ID (parameter 1, length 4), then the
// event data (parameter 2, the rest of the event). The plugin reads its events with it, and the
// plugin host checks every event a plugin returns against it, as libscap does.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>

#include "abi/falco_plugin_abi.h"

namespace fp {

struct PluginEventParts {
  uint32_t plugin_id = 0;
  const uint8_t* data = nullptr;  // inside the event
  uint32_t data_len = 0;
};

// What breaks the plugin event layout in `evt`, or an empty string when it is well formed; then
// *parts holds its plugin ID and data.
inline std::string plugin_event_problem(const fp_event_header* evt, PluginEventParts* parts) {
  if (evt == nullptr) return "null event pointer";
  const auto* bytes = reinterpret_cast<const uint8_t*>(evt);
  fp_event_header h;
  std::memcpy(&h, evt, sizeof h);
  if (h.type != FP_PLUGIN_EVENT_TYPE) {
    return "event type " + std::to_string(h.type) + ", expected " +
           std::to_string(FP_PLUGIN_EVENT_TYPE) + " (plugin event)";
  }
  if (h.nparams != 2) return "nparams " + std::to_string(h.nparams) + ", expected 2";
  if (h.len < kDataOffset) {
    return "len " + std::to_string(h.len) +
           " is shorter than a plugin event with an empty payload (" + std::to_string(kDataOffset) +
           ")";
  }
  uint32_t lens[2];
  std::memcpy(lens, bytes + kParamLensOffset, sizeof lens);
  if (lens[0] != 4) return "plugin ID parameter length " + std::to_string(lens[0]) + ", expected 4";
  const uint64_t expected = static_cast<uint64_t>(kDataOffset) + lens[1];
  if (h.len != expected) {
    return "len " + std::to_string(h.len) + " inconsistent with its parameters (26 + 8 + 4 + " +
           std::to_string(lens[1]) + " = " + std::to_string(expected) + ")";
  }
  std::memcpy(&parts->plugin_id, bytes + kPluginIdOffset, sizeof parts->plugin_id);
  parts->data = bytes + kDataOffset;
  parts->data_len = lens[1];
  return std::string();
}

// Writes the head of a plugin event carrying `data_len` bytes of data (kDataOffset bytes at `at`;
// the data follows). No thread: tid is UINT64_MAX.
inline void write_plugin_event_head(uint8_t* at, uint64_t ts, uint32_t plugin_id,
                                    uint32_t data_len) {
  fp_event_header header{};
  header.ts = ts;
  header.tid = UINT64_MAX;
  header.len = static_cast<uint32_t>(kDataOffset) + data_len;
  header.type = FP_PLUGIN_EVENT_TYPE;
  header.nparams = 2;
  std::memcpy(at, &header, sizeof header);
  const uint32_t lens[2] = {sizeof plugin_id, data_len};
  std::memcpy(at + kParamLensOffset, lens, sizeof lens);
  std::memcpy(at + kPluginIdOffset, &plugin_id, sizeof plugin_id);
}

// Whether `evt` is a well-formed plugin event; then *parts holds its plugin ID and data.
inline bool read_plugin_event(const fp_event_header* evt, PluginEventParts* parts) {
  return plugin_event_problem(evt, parts).empty();
}

}  // namespace fp
