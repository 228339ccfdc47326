#pragma once
// Anchoring text spans to tokens (docs/ARCHITECTURE.md, "Annotations"): an annotation is pinned to a
// byte range [begin, end) of its document's UTF-8 text, which every tokenizer sees alike; the tokens a
// run shows it on are derived from that run's own tokens. token_spans() aligns a run's token texts
// with the document text, so the same words are found under any tokenizer.
// Pure functions over immutable data: safe from any thread.
#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "core/analysis/run_result.h"

namespace core::analysis {

// A byte range [begin, end) of a document's text.
struct TextSpan {
  std::size_t begin = 0, end = 0;
  bool operator==(const TextSpan&) const = default;
};

// Where each of `pieces` (the display texts of a document's tokens, in order) lies in `text`. A piece
// found at the cursor takes its bytes; the dummy-prefix space of SentencePiece (" the" against "the"
// at the start) is skipped; a piece that does not occur there (a byte token shown as "<0xE6>", a
// special token) takes the bytes up to where the next piece is found again (within 256 bytes), so
// the spans stay ordered and cover the text the tokens stand for.
std::vector<TextSpan> align_pieces(std::string_view text, const std::vector<std::string_view>& pieces);

// align_pieces over the document's scored tokens (position p is tokens[p + 1]) and its `text`; empty
// when the run holds no text for the document.
std::vector<TextSpan> token_spans(const RunResult& run, const DocumentResult& document);

// The scored positions [first, last] whose spans overlap the byte range [begin, end); none when no
// token does. An empty range selects the token that holds `begin`.
std::optional<std::pair<int, int>> positions_of(const std::vector<TextSpan>& spans, std::size_t begin,
                                                std::size_t end);

// The byte range the scored positions [first, last] cover.
TextSpan text_of(const std::vector<TextSpan>& spans, int first, int last);

}  // namespace core::analysis
