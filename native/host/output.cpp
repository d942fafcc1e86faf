#include "output.h"

#include <signal.h>

#include <atomic>
#include <cstdio>

namespace host {
namespace {

std::atomic<bool> g_stop{false};
static_assert(std::atomic<bool>::is_always_lock_free, "the signal handler needs a lock-free flag");

// First signal: ask the loops to stop. Second one: the plugin is stuck (e.g. next_batch never
// returns), so die the default way.
void on_stop_signal(int sig) {
  if (g_stop.exchange(true)) {
    signal(sig, SIG_DFL);
    raise(sig);
  }
}

}  // namespace

LineSink::LineSink() { std::setvbuf(stdout, nullptr, _IOFBF, 1 << 16); }

void LineSink::write_line(const std::string& line) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::fwrite(line.data(), 1, line.size(), stdout);
  std::fputc('\n', stdout);
}

void LineSink::flush() {
  std::lock_guard<std::mutex> lock(mutex_);
  std::fflush(stdout);
}

void install_stop_signals() {
  struct sigaction sa {};
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

bool stop_requested() { return g_stop.load(std::memory_order_relaxed); }

}  // namespace host
