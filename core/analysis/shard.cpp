#include "core/analysis/shard.h"

#include <algorithm>
#include <charconv>
#include <string>

namespace core::analysis {
namespace {

bool parse_int(std::string_view text, std::int64_t& out) {
  if (text.empty()) return false;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

}  // namespace

Result<Shard> parse_shard(std::string_view text) {
  const auto slash = text.find('/');
  Shard s;
  if (slash == std::string_view::npos || !parse_int(text.substr(0, slash), s.index) ||
      !parse_int(text.substr(slash + 1), s.count))
    return fail(ErrorCode::InvalidInput,
                "--shard '" + std::string(text) + "' is not I/N (shard I of N, counted from 0, e.g. 0/4)");
  if (s.count < 1 || s.count > 100000)
    return fail(ErrorCode::InvalidInput, "--shard '" + std::string(text) + "': N must be between 1 and 100000");
  if (s.index < 0 || s.index >= s.count)
    return fail(ErrorCode::InvalidInput, "--shard '" + std::string(text) + "': I must be between 0 and " +
                                             std::to_string(s.count - 1) + " (shards are counted from 0)");
  return s;
}

std::vector<DocumentRange> batch_groups(const std::vector<std::int64_t>& windows_per_document,
                                        std::int64_t windows_per_group) {
  std::vector<DocumentRange> groups;
  std::size_t first = 0;
  std::int64_t windows = 0;
  for (std::size_t d = 0; d < windows_per_document.size(); ++d) {
    windows += windows_per_document[d];
    if (windows >= windows_per_group) {
      groups.push_back({first, d + 1});
      first = d + 1;
      windows = 0;
    }
  }
  if (first < windows_per_document.size()) groups.push_back({first, windows_per_document.size()});
  return groups;
}

std::vector<std::int64_t> balanced_shards(const std::vector<std::int64_t>& sizes, std::int64_t count) {
  std::vector<std::int64_t> out(sizes.size(), 0);
  if (count <= 1 || sizes.empty()) return out;
  // Integer arithmetic throughout (twice the positions, so an item's middle is exact): no rounding can
  // differ between machines.
  std::int64_t total = 0;
  for (std::int64_t n : sizes) total += n;
  std::int64_t before = 0;
  for (std::size_t i = 0; i < sizes.size(); ++i) {
    out[i] = total == 0 ? std::int64_t(i) * count / std::int64_t(sizes.size())
                        : std::min<std::int64_t>(count - 1, (2 * before + sizes[i]) * count / (2 * total));
    before += sizes[i];
  }
  return out;
}

std::vector<std::int64_t> shard_documents(const std::vector<std::vector<std::int32_t>>& tokens,
                                          const std::vector<DocumentRange>& groups, std::int64_t count) {
  std::vector<std::int64_t> out(tokens.size(), 0);
  std::vector<std::int64_t> sizes;
  for (const DocumentRange& g : groups) {
    std::int64_t n = 0;
    for (std::size_t d = g.first; d < g.last; ++d) n += std::int64_t(tokens[d].size());
    sizes.push_back(n);
  }
  const std::vector<std::int64_t> shard = balanced_shards(sizes, count);
  for (std::size_t g = 0; g < groups.size(); ++g)
    for (std::size_t d = groups[g].first; d < groups[g].last; ++d) out[d] = shard[g];
  return out;
}

std::vector<std::int64_t> shard_prompts(const std::vector<std::int64_t>& prompt_tokens, std::int64_t max_new_tokens,
                                        std::int64_t count) {
  std::vector<std::int64_t> sizes;
  for (std::int64_t n : prompt_tokens) sizes.push_back(n + std::max<std::int64_t>(0, max_new_tokens));
  return balanced_shards(sizes, count);
}

}  // namespace core::analysis
