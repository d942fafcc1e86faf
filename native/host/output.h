// Whole-line output on stdout, safe to use from several threads, and the stop signals.
#pragma once

#include <mutex>
#include <string>

namespace host {

class LineSink {
 public:
  LineSink();  // gives stdout a large buffer; lines are flushed by flush() (after each batch)
  void write_line(const std::string& line);  // appends '\n'
  void flush();

 private:
  std::mutex mutex_;
};

// SIGINT / SIGTERM set a flag the read loops poll; the run then stops cleanly. A second signal
// kills the process (default action), for a plugin call that never returns.
void install_stop_signals();
bool stop_requested();

}  // namespace host
