#pragma once
// The Unigram model of tokenizer.json (SentencePiece's unigram language model as Hugging Face runs
// it): a pre-token is cut into the vocabulary pieces whose scores (log-probabilities) sum highest.
// Internal to core/tokenize; BpeTokenizer calls it when its config says `unigram`.
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "core/tokenize/tokenizer.h"

namespace core::tokenize::detail {

struct UnigramPiece {
  std::size_t begin = 0, end = 0;  // bytes of the pre-token
  std::optional<TokenId> id;       // nullopt: a run of characters no piece covers (fused, as HF does)
};

// The best segmentation of `text` (Viterbi over the lattice of pieces, ties to the first found, as
// Hugging Face's Unigram::encode_optimized): `find` looks a piece up, `scores[id]` is its score, a
// character no piece covers costs `unk_score` (the lowest score minus 10). `max_piece_bytes`
// bounds the pieces tried at each position.
std::vector<UnigramPiece> unigram_segment(std::string_view text,
                                          const std::function<std::optional<TokenId>(std::string_view)>& find,
                                          const std::vector<double>& scores, double unk_score,
                                          std::size_t max_piece_bytes);

}  // namespace core::tokenize::detail
