#pragma once
// Reading a {"token": id, ...} vocabulary (vocab.json, encoder.json, tokenizer.json model.vocab) and
// merges (merges.txt lines or tokenizer.json entries) into a BpeConfig, validating as it goes.
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/tokenize/bpe_tokenizer.h"

namespace core::tokenize::detail {

// Upper bound on any id, so a corrupt file cannot make us allocate a huge table.
inline constexpr std::int64_t kMaxVocab = 4'000'000;

// Fills config.vocab / in_vocab from a JSON object; `what` names the object in errors.
Result<void> read_vocab_object(const nlohmann::json& vocab, BpeConfig& config, const std::string& what,
                               const std::string& path);

// Parses merges.txt text: an optional "#version" line, then "left right" per line.
Result<void> read_merges_text(std::string_view text, BpeConfig& config, const std::string& path);

// Makes room for `id` in the vocabulary table (added tokens may lie past the model's vocabulary).
void ensure_id(BpeConfig& config, TokenId id);

// Parses JSON text, turning parser exceptions into an error naming the file and the byte offset.
Result<nlohmann::json> parse_json(std::string_view text, const std::string& path);

}  // namespace core::tokenize::detail
