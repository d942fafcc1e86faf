// Threads the plugin starts (Node's platform workers, the JS threads, libuv's pool) must never
// receive the host's signals: SIGINT/SIGTERM belong to Falco, and SIGPIPE from a write to a
// closed socket must turn into EPIPE instead of killing Falco. New threads inherit the mask of
// the thread that creates them, so blocking everything around thread creation is enough.
#pragma once

#include <pthread.h>
#include <signal.h>

namespace k8s {

class ScopedBlockAllSignals {
 public:
  ScopedBlockAllSignals() {
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &saved_);
  }
  ~ScopedBlockAllSignals() { pthread_sigmask(SIG_SETMASK, &saved_, nullptr); }
  ScopedBlockAllSignals(const ScopedBlockAllSignals&) = delete;
  ScopedBlockAllSignals& operator=(const ScopedBlockAllSignals&) = delete;

 private:
  sigset_t saved_;
};

}  // namespace k8s
