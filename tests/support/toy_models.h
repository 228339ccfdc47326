#pragma once
// Small, fully specified maps for closed-form tests of the analysis engine: a byte tokenizer and
// language models whose distributions the tests can write down by hand. Test-only code.
#include <ATen/core/Tensor.h>

#include <functional>
#include <memory>

#include "core/model/checkpoint.h"

namespace testsupport {

// Bytes as tokens: id = byte + 3; 0 <unk>, 1 BOS, 2 EOS. vocab_size = 259 (+ extra appended ids).
std::shared_ptr<const core::tokenize::Tokenizer> byte_tokenizer(int extra_ids = 0, bool adds_bos = true);

// A model whose logits at every position are a function of (the previous token, the position
// within the row): logits(prev, pos) -> [V] float tensor. Hidden states are the one-hot previous
// token (F = V) so the projection has something to project; the head applies `fn`.
using LogitFn = std::function<at::Tensor(std::int64_t previous, std::int64_t position)>;
core::model::Checkpoint function_checkpoint(LogitFn fn, std::int64_t vocab, std::int64_t context,
                                            std::shared_ptr<const core::tokenize::Tokenizer> tokenizer,
                                            std::string name);

// A bigram model from a [V, V] logit table: logits at a position = table[previous token].
core::model::Checkpoint bigram_checkpoint(const at::Tensor& table, std::int64_t context,
                                          std::shared_ptr<const core::tokenize::Tokenizer> tokenizer,
                                          std::string name);

}  // namespace testsupport
