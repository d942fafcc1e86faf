// Where an LDP stream's reading position waits between two plugin instances of one process.
// Falco's hot reload destroys the instance and creates a new one in the same process; each
// instance has its own JS environment, so the position must live on the native side. The
// library is never unloaded (-z nodelete), so this store outlives every instance.
#pragma once

#include <napi.h>

#include <optional>
#include <string>

namespace k8s {

// Keeps `position` (text, no secrets) for `stream`, replacing what was kept before.
void keep_stream_position(const std::string& stream, std::string position);
// The position kept for `stream`, removed from the store; nullopt when there is none.
std::optional<std::string> take_stream_position(const std::string& stream);

// Adds keepStreamPosition(stream, text) and takeStreamPosition(stream) to `target`.
void define_stream_position_functions(Napi::Env env, Napi::Object target);

}  // namespace k8s
