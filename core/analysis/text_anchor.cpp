#include "core/analysis/text_anchor.h"

#include <algorithm>

namespace core::analysis {

std::vector<TextSpan> align_pieces(std::string_view text, const std::vector<std::string_view>& pieces) {
  constexpr std::size_t kResync = 256;  // how far ahead a piece is looked for after one that was not found
  std::vector<TextSpan> spans(pieces.size());
  std::size_t cursor = 0;
  std::size_t unmatched_from = pieces.size();  // first piece since the last match that was not found
  auto settle = [&](std::size_t upto, std::size_t at) {
    // Pieces that were not found cover the bytes between the last match and the next one.
    for (std::size_t i = unmatched_from; i < upto; ++i) spans[i] = {cursor, at};
    unmatched_from = pieces.size();
  };
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    std::string_view p = pieces[i];
    if (p.empty()) {
      if (unmatched_from == pieces.size()) spans[i] = {cursor, cursor};
      continue;
    }
    std::optional<std::size_t> at;
    const std::string_view rest = text.substr(cursor);
    if (rest.starts_with(p)) at = cursor;
    else if (p.front() == ' ' && p.size() > 1 && rest.starts_with(p.substr(1)))
      p = p.substr(1), at = cursor;  // SentencePiece's dummy prefix: the space is not in the text
    else if (unmatched_from != pieces.size()) {
      // Resynchronising after a piece that was not found: the next piece that occurs close ahead.
      const std::size_t k = rest.substr(0, kResync + p.size()).find(p);
      if (k != std::string_view::npos) at = cursor + k;
    }
    if (!at) {
      if (unmatched_from == pieces.size()) unmatched_from = i;
      continue;
    }
    settle(i, *at);
    spans[i] = {*at, *at + p.size()};
    cursor = *at + p.size();
  }
  settle(pieces.size(), std::max(cursor, text.size()));
  return spans;
}

std::vector<TextSpan> token_spans(const RunResult& run, const DocumentResult& document) {
  if (document.text.empty()) return {};
  std::vector<std::string_view> pieces;
  pieces.reserve(document.scored());
  for (std::size_t p = 1; p < document.tokens.size(); ++p) {
    const std::int32_t id = document.tokens[p];
    pieces.push_back(id >= 0 && std::size_t(id) < run.token_texts.size() ? std::string_view(run.token_texts[std::size_t(id)])
                                                                         : std::string_view());
  }
  return align_pieces(document.text, pieces);
}

std::optional<std::pair<int, int>> positions_of(const std::vector<TextSpan>& spans, std::size_t begin, std::size_t end) {
  int first = -1, last = -1;
  for (std::size_t p = 0; p < spans.size(); ++p) {
    const TextSpan& s = spans[p];
    const bool overlaps = begin < end ? (s.begin < end && s.end > begin) : (s.begin <= begin && begin < s.end);
    if (!overlaps) continue;
    if (first < 0) first = int(p);
    last = int(p);
  }
  if (first < 0) return std::nullopt;
  return std::pair{first, last};
}

TextSpan text_of(const std::vector<TextSpan>& spans, int first, int last) {
  if (spans.empty() || first > last) return {};
  first = std::clamp(first, 0, int(spans.size()) - 1);
  last = std::clamp(last, 0, int(spans.size()) - 1);
  return {spans[std::size_t(first)].begin, spans[std::size_t(last)].end};
}

}  // namespace core::analysis
