#include "extract_pattern.h"

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <set>

#include "errors.h"

namespace host {

std::vector<PatternLine> read_extract_pattern(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw UsageError("cannot read --extract-pattern file '" + path + "'");
  std::vector<PatternLine> out;
  std::set<std::string> seen;
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    const size_t first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos || line[first] == '#') continue;
    const size_t last = line.find_last_not_of(" \t\r");
    const size_t gap = line.find_last_of(" \t", last);
    const auto bad = [&](const std::string& why) {
      return UsageError("--extract-pattern " + path + " line " + std::to_string(n) + ": " + why);
    };
    if (gap == std::string::npos || gap < first) throw bad("expected '<field request> <calls per event>'");
    PatternLine p;
    p.request = line.substr(first, line.find_last_not_of(" \t", gap) - first + 1);
    const std::string weight = line.substr(gap + 1, last - gap);
    char* end = nullptr;
    p.calls = std::strtod(weight.c_str(), &end);
    if (end == weight.c_str() || *end != '\0' || !std::isfinite(p.calls) || p.calls < 0) {
      throw bad("calls per event must be a non-negative number, got '" + weight + "'");
    }
    if (!seen.insert(p.request).second) throw bad("'" + p.request + "' is listed twice");
    out.push_back(std::move(p));
  }
  if (out.empty()) throw UsageError("--extract-pattern " + path + ": no field listed");
  return out;
}

double ExtractPattern::next_uniform() {
  // splitmix64
  uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  z ^= z >> 31;
  return static_cast<double>(z >> 11) * 0x1.0p-53;
}

void ExtractPattern::plan(std::vector<uint32_t>* order) {
  order->clear();
  counts_.assign(calls_.size(), 0);
  const double share = next_uniform();
  uint32_t rounds = 0;
  for (size_t i = 0; i < calls_.size(); ++i) {
    const double w = calls_[i];
    uint32_t n = 0;
    if (w < 1) {
      n = share < w ? 1 : 0;
    } else {
      const double whole = std::floor(w);
      n = static_cast<uint32_t>(whole) + (next_uniform() < w - whole ? 1 : 0);
    }
    counts_[i] = n;
    if (n > rounds) rounds = n;
  }
  for (uint32_t r = 0; r < rounds; ++r) {
    for (size_t i = 0; i < counts_.size(); ++i) {
      if (counts_[i] > r) order->push_back(static_cast<uint32_t>(i));
    }
  }
}

}  // namespace host
