#include "runtime/thread_names.h"

#include <pthread.h>
#include <uv.h>

#include <mutex>

namespace k8s {

namespace {

void start_uv_pool() {
  uv_loop_t loop;
  if (uv_loop_init(&loop) != 0) return;
  uv_work_t work;
  uv_queue_work(&loop, &work, [](uv_work_t*) {}, [](uv_work_t*, int) {});
  uv_run(&loop, UV_RUN_DEFAULT);
  uv_loop_close(&loop);
}

}  // namespace

void name_js_thread() {
  static std::once_flag pool_started;
  std::call_once(pool_started, [] {
    pthread_setname_np(pthread_self(), kUvPoolThreadName);
    start_uv_pool();
  });
  pthread_setname_np(pthread_self(), kJsThreadName);
}

}  // namespace k8s
