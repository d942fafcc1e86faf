#include "event_reader.h"

#include <time.h>

#include <cstring>

#include "abi/plugin_event.h"

namespace host {
namespace {

uint64_t now_ns() {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1000000000ull + static_cast<uint64_t>(ts.tv_nsec);
}

}  // namespace

std::string prepare_event(fp_event_header* evt, uint32_t plugin_id, EventView* out) {
  fp::PluginEventParts parts;
  std::string problem = fp::plugin_event_problem(evt, &parts);
  if (!problem.empty()) return problem;
  auto* bytes = reinterpret_cast<uint8_t*>(evt);
  const uint64_t ts = evt->ts;

  const uint32_t evt_id = parts.plugin_id;
  if (evt_id == 0) {
    if (plugin_id == 0) return "malformed plugin event: no plugin ID (and the plugin has ID 0)";
    std::memcpy(bytes + fp::kPluginIdOffset, &plugin_id, sizeof plugin_id);
  } else if (plugin_id != 0 && evt_id != plugin_id) {
    return "unexpected plugin ID in plugin event: expected_id=" + std::to_string(plugin_id) +
           ", actual_id=" + std::to_string(evt_id);
  }

  evt->tid = UINT64_MAX;
  if (ts == UINT64_MAX) evt->ts = now_ns();

  out->evt = evt;
  out->ts = evt->ts;
  out->data = std::string_view(reinterpret_cast<const char*>(parts.data), parts.data_len);
  return std::string();
}

}  // namespace host
