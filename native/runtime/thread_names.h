// Names for the threads the plugin starts, so `top -H`, /proc/<pid>/task/*/comm and profilers
// tell them from Falco's own: the JS thread of each instance, and libuv's worker pool.
#pragma once

namespace k8s {

// The name of every plugin instance's JavaScript thread.
constexpr const char* kJsThreadName = "k8saudit-ovh-js";
// The name of libuv's worker threads (file reads, DNS, crypto work of the plugin's JS).
constexpr const char* kUvPoolThreadName = "k8saudit-uv";

// On a JS thread, before its environment starts: names it, after starting libuv's process-wide
// pool under its own name (a new thread takes the name of the thread that creates it, and the
// pool would otherwise be created later by this thread and be indistinguishable from it).
void name_js_thread();

}  // namespace k8s
