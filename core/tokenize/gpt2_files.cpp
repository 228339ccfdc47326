#include "core/tokenize/gpt2_files.h"

#include <nlohmann/json.hpp>

#include "core/tokenize/bpe_tokenizer.h"
#include "core/tokenize/json_vocab.h"
#include "core/tokenize/text_util.h"

namespace core::tokenize {

Result<std::shared_ptr<const Tokenizer>> load_gpt2_files(const std::filesystem::path& vocab_json,
                                                         const std::filesystem::path& merges_txt) {
  const std::string vpath = vocab_json.string(), mpath = merges_txt.string();
  auto vtext = detail::read_file_bytes(vocab_json, std::uintmax_t(256) << 20);
  if (!vtext) return std::unexpected(vtext.error());
  auto mtext = detail::read_file_bytes(merges_txt, std::uintmax_t(256) << 20);
  if (!mtext) return std::unexpected(mtext.error());
  auto json = detail::parse_json(*vtext, vpath);
  if (!json) return std::unexpected(json.error());

  detail::BpeConfig c;
  c.kind = "gpt2-bpe";
  if (auto r = detail::read_vocab_object(*json, c, "the vocabulary", vpath); !r) return std::unexpected(r.error());
  if (auto r = detail::read_merges_text(*mtext, c, mpath); !r) return std::unexpected(r.error());
  if (c.merges.empty()) return fail(ErrorCode::InvalidInput, "no merges in the file", mpath);

  detail::PreTokenizerStep byte_level;
  byte_level.kind = detail::PreTokenizerStep::ByteLevel;
  auto regex = detail::RegexSplitter::compile(detail::kGpt2Pattern);
  if (!regex) return std::unexpected(regex.error());
  byte_level.regex = *regex;
  c.pre_tokenizer.push_back(byte_level);
  c.openai_rounds = true;
  c.byte_level_decode = true;
  for (std::size_t id = 0; id < c.vocab.size(); ++id) {
    if (c.in_vocab[id] && c.vocab[id] == "<|endoftext|>") {
      c.eos = c.bos = TokenId(id);
      c.added.push_back({.content = c.vocab[id], .id = TokenId(id), .special = true, .match_in_text = false});
    }
  }
  // Merge errors name merges.txt; vocabulary-level errors name vocab.json.
  auto t = detail::make_bpe_tokenizer(std::move(c), mpath);
  if (!t && t.error().message.find("byte-level vocabulary") != std::string::npos) t.error().path = vpath;
  return t;
}

}  // namespace core::tokenize
