#pragma once
// Long-document windowing (docs/ARCHITECTURE.md, "Windows"): windows of W tokens start at 0, S, 2S, ...; each token is
// scored once, with the longest context its window gives.
#include <cstdint>
#include <vector>

namespace core::analysis {

struct Window {
  std::int32_t document = 0;
  std::int64_t start = 0, end = 0;  // document token range [start, end)
  std::int64_t score_from = 1;      // first document token index this window scores
  std::int64_t length() const { return end - start; }
  std::int64_t scored() const { return end - score_from; }
};

// Windows over a document of `n` tokens (token 0 is never scored). `window` >= 2, 1 <= stride < window
// (with stride == window the first token of each later window would have no context).
std::vector<Window> plan_windows(std::int32_t document, std::int64_t n, std::int64_t window, std::int64_t stride);

}  // namespace core::analysis
