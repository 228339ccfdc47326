#include "core/tokenize/unigram_model.h"

#include <limits>

#include "core/tokenize/text_util.h"

namespace core::tokenize::detail {

std::vector<UnigramPiece> unigram_segment(std::string_view text,
                                          const std::function<std::optional<TokenId>(std::string_view)>& find,
                                          const std::vector<double>& scores, double unk_score,
                                          std::size_t max_piece_bytes) {
  struct Node {
    double score = -std::numeric_limits<double>::infinity();
    std::size_t start = 0;
    std::optional<TokenId> id;
    bool reached = false;
  };
  const std::size_t n = text.size();
  std::vector<Node> best(n + 1);
  best[0].reached = true;
  best[0].score = 0;
  const auto char_len = [&](std::size_t i) { return std::max<std::size_t>(1, utf8_char_length(text, i)); };
  for (std::size_t start = 0; start < n; start += char_len(start)) {
    if (!best[start].reached) continue;  // cannot happen: every character is covered by a piece or unk
    const double here = best[start].score;
    const std::size_t first = char_len(start);
    bool single = false;
    for (std::size_t end = start + first; end <= n && end - start <= max_piece_bytes; end += char_len(end)) {
      const auto id = find(text.substr(start, end - start));
      if (id && std::size_t(*id) < scores.size()) {
        const double candidate = here + scores[*id];
        Node& target = best[end];
        if (!target.reached || candidate > target.score) target = {candidate, start, id, true};
        single = single || end - start == first;
      }
      if (end == n) break;
    }
    if (!single) {
      Node& target = best[start + first];
      const double candidate = here + unk_score;
      if (!target.reached || candidate > target.score) target = {candidate, start, std::nullopt, true};
    }
  }
  std::vector<UnigramPiece> pieces;
  for (std::size_t end = n; end > 0;) {
    const Node& node = best[end];
    if (!node.id && !pieces.empty() && !pieces.back().id && pieces.back().begin == end)
      pieces.back().begin = node.start;  // consecutive unknown characters become one piece
    else
      pieces.push_back({node.start, end, node.id});
    end = node.start;
  }
  return {pieces.rbegin(), pieces.rend()};
}

}  // namespace core::tokenize::detail
