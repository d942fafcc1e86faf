// The JS-facing functions of the bridge, shared by the plugin (a linked binding inside Falco)
// and the plain Node addon used by unit tests.
#pragma once

#include <napi.h>

#include "bridge/bridge_host.h"

namespace k8s {

// Adds pushBatch, end, fail, log, fieldRequests and deliveryProgress to `target`, bound to
// `host`, which must outlive every call made through them, and the process-wide stream position
// functions (stream_positions.h).
void define_bridge_functions(Napi::Env env, Napi::Object target, BridgeHost* host);

}  // namespace k8s
