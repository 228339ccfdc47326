#pragma once
// core::demo::train_byte_bpe: a small byte-level BPE tokenizer learned from text, written as a
// GPT-2-style Hugging Face tokenizer.json (ByteLevel pre-tokenizer and decoder, a TemplateProcessing
// post-processor that prepends BOS) which core/tokenize reads back.
//
// Training follows the usual recipe: split the text with the GPT-2 pre-tokenization pattern, start
// from the 256 bytes, and repeatedly merge the most frequent adjacent pair (ties: the smallest pair
// of ids), counting each distinct pre-token once per occurrence. Deterministic; stateless.
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "core/error.h"
#include "core/jobs/job.h"

namespace core::demo {

struct BpeTrainOptions {
  std::int32_t vocab_size = 768;       // every id: 256 bytes + merged tokens + the BOS token
  std::string bos_token = "<|bos|>";   // special; must not occur in the training text
};

struct TrainedBpe {
  // id -> token in GPT-2's byte-to-character spelling; ids 0..255 are the bytes in byte order, the
  // merged tokens follow in the order they were learned, and the BOS token is the last id.
  std::vector<std::string> vocab;
  std::vector<std::pair<std::string, std::string>> merges;  // in priority order
  std::int32_t bos_id = 0;
  std::string bos_token;
};

// Fewer merges than asked for are learned when no pair occurs twice any more (tiny texts).
Result<TrainedBpe> train_byte_bpe(std::span<const std::string> texts, const BpeTrainOptions& options = {},
                                  Job& job = Job::silent());

// The tokenizer.json text of a trained tokenizer.
std::string tokenizer_json(const TrainedBpe& bpe);
Result<void> write_tokenizer_json(const TrainedBpe& bpe, const std::filesystem::path& file);

}  // namespace core::demo
