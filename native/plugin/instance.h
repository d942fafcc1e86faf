// One plugin instance (plugin_init .. plugin_destroy): its own Node environment on its own
// thread, the native event path, and the ABI operations Falco calls.
#pragma once

#include <node_api.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "abi/falco_plugin_abi.h"
#include "bridge/bridge_host.h"
#include "core/event_flow.h"
#include "core/value_block.h"
#include "core/value_table.h"
#include "core/metrics_table.h"
#include "plugin/js_caller.h"
#include "plugin/logger.h"
#include "runtime/js_thread.h"

namespace k8s {

class Instance final : public BridgeHost {
 public:
  explicit Instance(const fp_init_input& in);
  ~Instance() override;
  Instance(const Instance&) = delete;
  Instance& operator=(const Instance&) = delete;

  // Starts the runtime and runs the JS init; false with last_error() set on failure.
  bool init(const char* config);
  fp_rc open(const char* params);
  void close();
  fp_rc next_batch(uint32_t* nevts, fp_event_header*** evts);
  fp_rc extract(const fp_event_input& evt, const fp_field_extract_input& in);
  const char* event_to_string(const fp_event_input& evt);
  const char* last_error() const { return last_error_.c_str(); }
  // Keeps `message` (redacted) for plugin_get_last_error.
  void set_error(std::string_view message);
  fp_metric* metrics(uint32_t* count);

  // The linked binding JS obtains with process._linkedBinding (JS thread).
  napi_value make_binding(napi_env env, napi_value exports);

  // BridgeHost (JS thread).
  bool push_batch(const uint8_t* data, size_t len, std::string* error, bool* accepted) override;
  void end_of_stream() override { flow_.queue().end(); }
  void fail_stream(std::string message) override;
  void log(int severity, const std::string& message) override { logger_.log(severity, message); }
  std::vector<FieldRequest> field_requests_since(size_t known) override {
    return flow_.slots().since(known);
  }
  DeliveryProgress delivery_progress() override {
    return {flow_.events_returned(), flow_.events_finished()};
  }

 private:
  bool call_js(const std::shared_ptr<JsCall>& call);
  // The value block of `slot` for an event without precomputed values: JS computes every known
  // slot of the event in one call, kept for the next fields of the same event.
  const uint8_t* fallback_values(const fp_event_input& evt, uint32_t slot, size_t* len);
  void on_runtime_stopped();

  Logger logger_;
  EventFlow flow_;
  JsCaller caller_;
  std::string last_error_;
  std::string event_string_;
  MetricsTable metrics_;
  std::mutex metrics_mu_;                // Falco may ask from its webserver thread
  ValueTable fallback_;                  // values of the last fallback event
  const fp_event_header* fallback_evt_ = nullptr;
  uint64_t fallback_evtnum_ = 0;
  std::vector<DecodedValues> field_values_;   // per field of the current extract call
  // Which path extraction takes, for plugin_get_metrics (read from another thread).
  std::atomic<uint64_t> values_precomputed_{0};     // answered from values computed with the event
  std::atomic<uint64_t> fallback_calls_{0};         // synchronous calls into JS
  std::mutex death_mu_;
  std::string death_reason_;
  std::atomic<bool> runtime_stopped_{false};
  JsThread js_;  // last: stopped (joined) before the members above go away
};

}  // namespace k8s
