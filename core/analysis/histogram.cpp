#include "core/analysis/histogram.h"

#include <algorithm>
#include <cmath>

namespace core::analysis {

std::int64_t Histogram::total() const {
  std::int64_t n = 0;
  for (std::int64_t c : counts) n += c;
  return n;
}

void Histogram::add(double v) {
  if (!std::isfinite(v) || counts.empty()) return;
  const double w = (hi - lo) / double(counts.size());
  // Clamped as a double: a bin width of zero or a value far outside [lo, hi] gives an index no integer
  // holds (casting it would be undefined); NaN (0 / 0) goes to the first bin.
  const double at = std::floor((v - lo) / w);
  const double last = double(counts.size() - 1);
  const auto bin = at >= 0 ? std::int64_t(std::min(at, last)) : std::int64_t(0);
  ++counts[std::size_t(bin)];
}

Histogram Histogram::empty(double lo, double hi, int bins) {
  Histogram h;
  h.lo = lo;
  h.hi = hi > lo ? hi : lo + 1;
  h.counts.assign(std::size_t(std::max(1, bins)), 0);
  return h;
}

}  // namespace core::analysis
