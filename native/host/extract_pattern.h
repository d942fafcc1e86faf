// Falco's way of asking for fields, replayed: each field has a number of calls per event, as
// measured in a real Falco (--extract-pattern). A field asked at least once per event is asked
// floor(w) times, plus once more with probability frac(w). A rarer field (w < 1) is asked once for
// a share w of the events, the same share for every rare field (one draw per event): rules
// short-circuit, so the events that reach a rare field are the ones that reached the rarer ones
// too, and most events need only the frequent fields.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace host {

struct PatternLine {
  std::string request;  // field request text, e.g. "ka.uri.param[command]"
  double calls = 0;     // calls per event
};

// One "<request> <calls per event>" per line; '#' comments and blank lines skipped. Throws
// UsageError on a malformed line, a negative or non-finite weight, or a repeated request.
std::vector<PatternLine> read_extract_pattern(const std::string& path);

class ExtractPattern {
 public:
  explicit ExtractPattern(std::vector<double> calls) : calls_(std::move(calls)) {}
  bool empty() const { return calls_.empty(); }
  // The request indexes to call for the next event, in call order: round after round over the
  // requests in file order, each request while it has calls left (so the frequent fields come
  // first and come back, as rule after rule asks for them).
  void plan(std::vector<uint32_t>* order);

 private:
  double next_uniform();  // in [0, 1), from a fixed seed: runs are repeatable
  std::vector<double> calls_;
  std::vector<uint32_t> counts_;
  uint64_t state_ = 0x9e3779b97f4a7c15ULL;
};

}  // namespace host
