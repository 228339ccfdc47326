#include "core/tokenize/tokenizer_json_writer.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "core/tokenize/llama2c_tokenizer.h"
#include "core/tokenize/text_util.h"

namespace core::tokenize {
namespace {

using nlohmann::json;
const std::string kMeta = "\xE2\x96\x81";  // "▁"

std::string with_meta_spaces(const std::string& piece) {
  std::string out;
  for (const char c : piece) {
    if (c == ' ') out += kMeta;
    else out += c;
  }
  return out;
}

}  // namespace

Result<TokenizerJsonFiles> llama2c_as_tokenizer_json(const std::filesystem::path& tokenizer_bin) {
  auto bytes = detail::read_file_bytes(tokenizer_bin, std::uintmax_t(256) << 20);
  if (!bytes) return std::unexpected(bytes.error());
  auto vocab = read_llama2c_vocab(*bytes, tokenizer_bin.string());
  if (!vocab) return std::unexpected(vocab.error());
  const auto& pieces = vocab->pieces;
  const auto& scores = vocab->scores;
  // llama2.c's fixed ids: <unk> 0, BOS 1, EOS 2, then the 256 byte tokens.
  const char* specials[3] = {"<unk>", "<s>", "</s>"};
  std::vector<std::string> names(pieces.size());
  std::unordered_map<std::string, std::size_t> id_of;
  json v = json::object();
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    names[i] = i < 3 ? specials[i] : with_meta_spaces(pieces[i]);
    if (id_of.emplace(names[i], i).second) v[names[i]] = i;  // a repeated piece keeps its lowest id, as llama2.c
  }
  // A merge for every way to cut a piece into two pieces, ranked by the whole piece's score (what
  // llama2.c's encoder maximises); ties keep id order. Pieces llama2.c never merges into are left out.
  struct Merge {
    std::size_t left, right, whole;
  };
  std::vector<Merge> merges;
  for (std::size_t i = 3 + 256; i < pieces.size(); ++i) {
    if (!(scores[i] > -1e10f) || id_of.at(names[i]) != i) continue;
    const std::string& p = names[i];
    for (std::size_t k = 1; k < p.size(); ++k) {
      if ((static_cast<unsigned char>(p[k]) & 0xC0) == 0x80) continue;  // cut between characters only
      const auto l = id_of.find(p.substr(0, k)), r = id_of.find(p.substr(k));
      if (l != id_of.end() && r != id_of.end() && l->second >= 3 && r->second >= 3) merges.push_back({l->second, r->second, i});
    }
  }
  std::stable_sort(merges.begin(), merges.end(), [&](const Merge& a, const Merge& b) { return scores[a.whole] > scores[b.whole]; });
  json m = json::array();
  for (const auto& x : merges) m.push_back(json::array({names[x.left], names[x.right]}));
  json added = json::array();
  for (std::size_t i = 0; i < 3; ++i)
    added.push_back({{"id", i}, {"content", specials[i]}, {"single_word", false}, {"lstrip", false}, {"rstrip", false},
                     {"normalized", false}, {"special", true}});
  const json doc = {
      {"version", "1.0"},
      {"truncation", nullptr},
      {"padding", nullptr},
      {"added_tokens", added},
      {"normalizer",
       {{"type", "Sequence"},
        {"normalizers",
         {{{"type", "Prepend"}, {"prepend", kMeta}}, {{"type", "Replace"}, {"pattern", {{"String", " "}}}, {"content", kMeta}}}}}},
      {"pre_tokenizer", nullptr},
      {"post_processor",
       {{"type", "TemplateProcessing"},
        {"single", {{{"SpecialToken", {{"id", "<s>"}, {"type_id", 0}}}}, {{"Sequence", {{"id", "A"}, {"type_id", 0}}}}}},
        {"pair", json::array()},
        {"special_tokens", {{"<s>", {{"id", "<s>"}, {"ids", {1}}, {"tokens", {"<s>"}}}}}}}},
      {"decoder",
       {{"type", "Sequence"},
        {"decoders",
         {{{"type", "Replace"}, {"pattern", {{"String", kMeta}}}, {"content", " "}},
          {{"type", "ByteFallback"}},
          {{"type", "Fuse"}},
          {{"type", "Strip"}, {"content", " "}, {"start", 1}, {"stop", 0}}}}}},
      {"model",
       {{"type", "BPE"}, {"dropout", nullptr}, {"unk_token", "<unk>"}, {"continuing_subword_prefix", nullptr},
        {"end_of_word_suffix", nullptr}, {"fuse_unk", true}, {"byte_fallback", true}, {"ignore_merges", false},
        {"vocab", v}, {"merges", m}}}};
  const json config = {{"add_bos_token", true}, {"add_eos_token", false}, {"bos_token", "<s>"}, {"eos_token", "</s>"},
                       {"unk_token", "<unk>"}, {"pad_token", nullptr}, {"tokenizer_class", "LlamaTokenizer"},
                       {"legacy", true}, {"clean_up_tokenization_spaces", false}};
  return TokenizerJsonFiles{doc.dump(1) + "\n", config.dump(2) + "\n"};
}

}  // namespace core::tokenize
