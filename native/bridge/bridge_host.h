// What the JS side can ask of its native host: the plugin instance inside Falco, or the test
// channel of the plain Node addon. Every method runs on the JS thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/field_request.h"

namespace k8s {

// Events of the current capture that Falco was handed, and those it is done with.
struct DeliveryProgress {
  uint64_t returned = 0;
  uint64_t finished = 0;
};

class BridgeHost {
 public:
  virtual ~BridgeHost() = default;
  // A batch in the event batch layout of src/bridge/wire-contract.ts. Returns false when the
  // consumer is full (stop reading until the drain notice). *accepted is false, with *error, for
  // malformed bytes.
  virtual bool push_batch(const uint8_t* data, size_t len, std::string* error, bool* accepted) = 0;
  virtual void end_of_stream() = 0;
  virtual void fail_stream(std::string message) = 0;
  virtual void log(int severity, const std::string& message) = 0;
  virtual std::vector<FieldRequest> field_requests_since(size_t known) = 0;
  virtual DeliveryProgress delivery_progress() = 0;
};

}  // namespace k8s
