#include "core/tokenize/gguf_vocab.h"

#include "core/tokenize/bpe_tokenizer.h"
#include "core/tokenize/llama2c_tokenizer.h"
#include "core/tokenize/normalizer.h"
#include "core/tokenize/regex_splitter.h"

#include <string>
#include <string_view>

namespace core::tokenize {

namespace {

constexpr std::int32_t kControl = 3;  // llama.cpp's LLAMA_TOKEN_TYPE_CONTROL

// SentencePiece writes a space as U+2581; the llama2.c encoder's pieces hold the space itself.
std::string spaces_from_metaspace(const std::string& piece) {
  static constexpr std::string_view kMeta = "\xE2\x96\x81";
  std::string out;
  out.reserve(piece.size());
  for (std::size_t at = 0; at < piece.size();) {
    if (piece.compare(at, kMeta.size(), kMeta) == 0) {
      out += ' ';
      at += kMeta.size();
    } else {
      out += piece[at++];
    }
  }
  return out;
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

constexpr std::int32_t kUserDefined = 4;  // LLAMA_TOKEN_TYPE_USER_DEFINED: an added token that is not special

// The byte-level pre-tokenizers that tokenizer.ggml.pre names (llama.cpp's converter writes the name
// of the Hugging Face pre-tokenizer it recognised): each is the Split regex of that family's
// tokenizer.json followed by ByteLevel, plus what else the family's tokenizer.json does.
struct BytePre {
  std::string_view pattern;
  bool gpt2 = false;           // GPT-2: the pattern is ByteLevel's own; control tokens are ids only
  bool nfc = false;            // Qwen2/2.5/3's tokenizer.json normalizes to NFC first
  bool ignore_merges = false;  // Llama 3's BPE takes a whole pre-token found in the vocabulary as is
};

// Llama 3 and Qwen2 (tokenizer.json Split patterns): contractions in any case, a letter run with one
// leading non-letter, digits in threes (Llama 3) or one by one (Qwen2), punctuation, line breaks.
constexpr std::string_view kLlama3Pattern =
    R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";
constexpr std::string_view kQwen2Pattern =
    R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";

std::optional<BytePre> byte_pre(std::string_view pre) {
  // llama.cpp's converter names GPT-2's own pre-tokenizer "gpt-2" (and gives the same one to Phi-2 and
  // RoBERTa); "gpt2" and "default" are what older files and other writers use.
  if (pre.empty() || pre == "gpt-2" || pre == "gpt2" || pre == "default" || pre == "phi-2" || pre == "roberta-bpe")
    return BytePre{.pattern = detail::kGpt2Pattern, .gpt2 = true};
  if (pre == "llama-bpe" || pre == "llama3" || pre == "llama-v3")
    return BytePre{.pattern = kLlama3Pattern, .ignore_merges = true};
  if (pre == "qwen2") return BytePre{.pattern = kQwen2Pattern, .nfc = true};
  return std::nullopt;
}

Result<std::shared_ptr<const Tokenizer>> gpt2(const GgufVocab& v, const std::string& path) {
  const auto pre = byte_pre(v.pre);
  if (!pre)
    return fail(ErrorCode::Unsupported,
                "GGUF tokenizer: pre-tokenizer \"" + v.pre +
                    "\" is not implemented (gpt2, llama-bpe and qwen2 are); give --tokenizer",
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
  auto regex = detail::RegexSplitter::compile(pre->pattern);
  if (!regex) return std::unexpected(regex.error());
  detail::PreTokenizerStep byte_level;
  byte_level.kind = detail::PreTokenizerStep::ByteLevel;
  if (pre->gpt2) {
    byte_level.regex = *regex;
  } else {
    detail::PreTokenizerStep split;
    split.kind = detail::PreTokenizerStep::Split;
    split.regex = *regex;
    c.pre_tokenizer.push_back(split);
    byte_level.use_regex = false;
  }
  c.pre_tokenizer.push_back(byte_level);
  if (pre->nfc) {
    detail::NormalizerStep nfc;
    nfc.kind = detail::NormalizerStep::Nfc;
    c.normalizer.push_back(std::move(nfc));
  }
  c.ignore_merges = pre->ignore_merges;
  c.byte_level_decode = true;
  for (std::size_t id = 0; id < v.token_types.size(); ++id) {
    const bool control = v.token_types[id] == kControl;
    if (pre->gpt2) {
      if (control)  // GPT-2's <|endoftext|>: an id only, ordinary text when written
        c.added.push_back({.content = v.tokens[id], .id = TokenId(id), .special = true, .match_in_text = false});
    } else if (control || v.token_types[id] == kUserDefined) {
      // Llama 3's and Qwen's added tokens (<|begin_of_text|>, <|im_start|>, <tool_call>) are matched
      // in the raw text, as their tokenizer.json does; only the control ones are left out of decode.
      c.added.push_back({.content = v.tokens[id], .id = TokenId(id), .special = control});
    }
  }
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
