#include "core/analysis/windows.h"

#include <algorithm>

namespace core::analysis {

std::vector<Window> plan_windows(std::int32_t document, std::int64_t n, std::int64_t window, std::int64_t stride) {
  std::vector<Window> out;
  if (n < 2) return out;
  std::int64_t scored_until = 1;  // token 0 has no context and is never scored
  for (std::int64_t start = 0;; start += stride) {
    const std::int64_t end = std::min(start + window, n);
    const std::int64_t from = std::max(scored_until, start + 1);  // a window's first token has no context
    if (end > from) out.push_back({document, start, end, from});
    scored_until = std::max(scored_until, end);
    if (end == n) break;
  }
  return out;
}

}  // namespace core::analysis
