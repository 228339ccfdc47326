#include "core/tokenize/gguf_vocab.h"

#include "core/tokenize/bpe_tokenizer.h"
#include "core/tokenize/llama2c_tokenizer.h"
#include "core/tokenize/regex_splitter.h"

namespace core::tokenize {

namespace {

constexpr std::int32_t kControl = 3;  // llama.cpp's LLAMA_TOKEN_TYPE_CONTROL

// SentencePiece writes a space as U+2581; the llama2.c encoder's pieces hold the space itself.
std::string spaces_from_metaspace(std::string piece) {
  static const std::string kMeta = "\xE2\x96\x81";
  for (std::size_t at = piece.find(kMeta); at != std::string::npos; at = piece.find(kMeta, at + 1))
    piece.replace(at, kMeta.size(), " ");
  return piece;
}

Result<std::shared_ptr<const Tokenizer>> llama(const GgufVocab& v, const std::string& path) {
  if (v.scores.size() != v.tokens.size())
    return fail(ErrorCode::InvalidInput,
                "GGUF tokenizer: tokenizer.ggml.scores has " + std::to_string(v.scores.size()) +
                    " entries for " + std::to_string(v.tokens.size()) + " tokens",
                path);
  if ((v.bos && *v.bos != 1) || (v.eos && *v.eos != 2))
    return fail(ErrorCode::Unsupported,
                "GGUF tokenizer: BOS " + std::to_string(v.bos.value_or(-1)) + " and EOS " +
                    std::to_string(v.eos.value_or(-1)) +
                    " differ from the Llama 2 layout (1, 2) that Cartograph's llama encoder reads; give --tokenizer",
                path);
  std::vector<std::string> pieces;
  pieces.reserve(v.tokens.size());
  for (const auto& t : v.tokens) pieces.push_back(spaces_from_metaspace(t));
  auto t = make_llama2c_tokenizer(std::move(pieces), v.scores, path);
  if (!t) t.error().message = "GGUF tokenizer: " + t.error().message;
  return t;
}

Result<std::shared_ptr<const Tokenizer>> gpt2(const GgufVocab& v, const std::string& path) {
  if (!v.pre.empty() && v.pre != "gpt2" && v.pre != "default")
    return fail(ErrorCode::Unsupported,
                "GGUF tokenizer: pre-tokenizer \"" + v.pre + "\" is not implemented (gpt2 is); give --tokenizer",
                path);
  if (!v.token_types.empty() && v.token_types.size() != v.tokens.size())
    return fail(ErrorCode::InvalidInput,
                "GGUF tokenizer: tokenizer.ggml.token_type has " + std::to_string(v.token_types.size()) +
                    " entries for " + std::to_string(v.tokens.size()) + " tokens",
                path);
  detail::BpeConfig c;
  c.kind = "gpt2-bpe";
  c.vocab = v.tokens;
  c.in_vocab.assign(v.tokens.size(), true);
  c.merges.reserve(v.merges.size());
  for (std::size_t i = 0; i < v.merges.size(); ++i) {
    const std::string& m = v.merges[i];
    const std::size_t space = m.find(' ');
    if (space == 0 || space == std::string::npos || space + 1 == m.size() || m.find(' ', space + 1) != std::string::npos)
      return fail(ErrorCode::InvalidInput,
                  "GGUF tokenizer: merge " + std::to_string(i) + " is not \"left right\": \"" + m.substr(0, 80) + "\"",
                  path);
    c.merges.emplace_back(m.substr(0, space), m.substr(space + 1));
    c.merge_lines.push_back(i);
  }
  detail::PreTokenizerStep byte_level;
  byte_level.kind = detail::PreTokenizerStep::ByteLevel;
  auto regex = detail::RegexSplitter::compile(detail::kGpt2Pattern);
  if (!regex) return std::unexpected(regex.error());
  byte_level.regex = *regex;
  c.pre_tokenizer.push_back(byte_level);
  c.byte_level_decode = true;
  for (std::size_t id = 0; id < v.token_types.size(); ++id)
    if (v.token_types[id] == kControl)  // GPT-2's <|endoftext|>: an id only, ordinary text when written
      c.added.push_back({.content = v.tokens[id], .id = TokenId(id), .special = true, .match_in_text = false});
  c.bos = v.bos;
  c.eos = v.eos;
  c.adds_bos = v.add_bos.value_or(false) && v.bos.has_value();
  auto t = detail::make_bpe_tokenizer(std::move(c), path);
  if (!t) t.error().message = "GGUF tokenizer: " + t.error().message;
  return t;
}

}  // namespace

Result<std::shared_ptr<const Tokenizer>> make_gguf_tokenizer(const GgufVocab& v, const std::string& path) {
  if (v.tokens.empty()) return fail(ErrorCode::NotFound, "the GGUF holds no tokenizer.ggml.tokens", path);
  for (const auto id : {v.bos, v.eos})
    if (id && (*id < 0 || std::size_t(*id) >= v.tokens.size()))
      return fail(ErrorCode::InvalidInput,
                  "GGUF tokenizer: special token id " + std::to_string(*id) + " is outside the " +
                      std::to_string(v.tokens.size()) + "-token vocabulary",
                  path);
  if (v.model == "llama") return llama(v, path);
  if (v.model == "gpt2") return gpt2(v, path);
  return fail(ErrorCode::Unsupported,
              "GGUF tokenizer model \"" + v.model + "\" is not implemented (llama and gpt2 are); give --tokenizer",
              path);
}

}  // namespace core::tokenize
