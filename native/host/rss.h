// Process memory figures from /proc/self/status.
#pragma once

namespace host {

long current_rss_kb();  // VmRSS, or -1 when unavailable
long peak_rss_kb();     // VmHWM (peak RSS), or -1 when unavailable

}  // namespace host
