// Plugin metrics for Falco: the counters JS keeps (in the metrics layout of
// src/bridge/wire-contract.ts) plus native gauges, laid out as fp_metric.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "abi/falco_plugin_abi.h"

namespace k8s {

class MetricsTable {
 public:
  // Replaces the JS counters from their wire form; false when malformed (then empty).
  bool assign_js(const std::vector<uint8_t>& bytes);
  void add(std::string name, uint64_t value, bool monotonic);
  void clear();
  // The metrics, valid until the next assign_js/add.
  fp_metric* data(uint32_t* count);

 private:
  std::vector<std::string> names_;
  std::vector<uint64_t> values_;
  std::vector<bool> monotonic_;
  std::vector<fp_metric> metrics_;
};

}  // namespace k8s
