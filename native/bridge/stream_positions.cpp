#include "bridge/stream_positions.h"

#include <map>
#include <mutex>
#include <utility>

#include "runtime/no_destructor.h"

namespace k8s {

namespace {

struct Store {
  std::mutex mu;
  std::map<std::string, std::string> positions;
};

// Never destroyed: a JS thread of an instance still alive at exit may call in.
Store& store() {
  static NoDestructor<Store> instance;
  return instance.get();
}

Napi::Value keep(const Napi::CallbackInfo& info) {
  if (info.Length() < 2 || !info[0].IsString() || !info[1].IsString()) {
    throw Napi::TypeError::New(info.Env(), "keepStreamPosition expects (stream, position) strings");
  }
  keep_stream_position(info[0].As<Napi::String>().Utf8Value(), info[1].As<Napi::String>().Utf8Value());
  return info.Env().Undefined();
}

Napi::Value take(const Napi::CallbackInfo& info) {
  if (info.Length() < 1 || !info[0].IsString()) {
    throw Napi::TypeError::New(info.Env(), "takeStreamPosition expects the stream");
  }
  std::optional<std::string> position = take_stream_position(info[0].As<Napi::String>().Utf8Value());
  if (!position) return info.Env().Undefined();
  return Napi::String::New(info.Env(), *position);
}

}  // namespace

void keep_stream_position(const std::string& stream, std::string position) {
  Store& s = store();
  std::lock_guard<std::mutex> lock(s.mu);
  s.positions[stream] = std::move(position);
}

std::optional<std::string> take_stream_position(const std::string& stream) {
  Store& s = store();
  std::lock_guard<std::mutex> lock(s.mu);
  auto it = s.positions.find(stream);
  if (it == s.positions.end()) return std::nullopt;
  std::string position = std::move(it->second);
  s.positions.erase(it);
  return position;
}

void define_stream_position_functions(Napi::Env env, Napi::Object target) {
  target.Set("keepStreamPosition", Napi::Function::New(env, keep, "keepStreamPosition"));
  target.Set("takeStreamPosition", Napi::Function::New(env, take, "takeStreamPosition"));
}

}  // namespace k8s
