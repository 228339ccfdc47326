#include "core/demo/bpe_trainer.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <unordered_map>

#include "core/tokenize/byte_level.h"
#include "core/tokenize/regex_splitter.h"

namespace core::demo {
namespace {

using PairKey = std::uint64_t;
PairKey key_of(std::int32_t a, std::int32_t b) { return std::uint64_t(std::uint32_t(a)) << 32 | std::uint32_t(b); }
std::int32_t left_of(PairKey k) { return std::int32_t(k >> 32); }
std::int32_t right_of(PairKey k) { return std::int32_t(k & 0xffffffffu); }

struct Word {
  std::vector<std::int32_t> symbols;
  std::int64_t count = 0;
};

}  // namespace

Result<TrainedBpe> train_byte_bpe(std::span<const std::string> texts, const BpeTrainOptions& options, Job& job) {
  if (options.vocab_size < 258)
    return fail(ErrorCode::InvalidInput, "a byte-level BPE needs at least 258 ids (256 bytes, one merge, BOS)");
  if (options.bos_token.empty()) return fail(ErrorCode::InvalidInput, "the BOS token must not be empty");
  auto splitter = tokenize::detail::RegexSplitter::compile(tokenize::detail::kGpt2Pattern);
  if (!splitter) return std::unexpected(splitter.error());

  std::unordered_map<std::string, std::int64_t> counts;
  for (const std::string& text : texts) {
    if (text.find(options.bos_token) != std::string::npos)
      return fail(ErrorCode::InvalidInput, "the training text contains the BOS token " + options.bos_token);
    for (std::string_view piece : (*splitter)->split_isolated(text)) ++counts[std::string(piece)];
  }
  // Sorted, so the result never depends on the hash map's order.
  std::vector<std::pair<std::string, std::int64_t>> sorted(counts.begin(), counts.end());
  std::sort(sorted.begin(), sorted.end());
  std::vector<Word> words(sorted.size());
  std::unordered_map<PairKey, std::int64_t> pair_count;
  std::unordered_map<PairKey, std::vector<std::int32_t>> where;  // words that may hold the pair
  for (std::size_t w = 0; w < sorted.size(); ++w) {
    words[w].count = sorted[w].second;
    for (unsigned char c : sorted[w].first) words[w].symbols.push_back(c);
    const auto& s = words[w].symbols;
    for (std::size_t i = 0; i + 1 < s.size(); ++i) {
      const PairKey k = key_of(s[i], s[i + 1]);
      pair_count[k] += words[w].count;
      where[k].push_back(std::int32_t(w));
    }
  }

  TrainedBpe out;
  for (int b = 0; b < 256; ++b) out.vocab.push_back(tokenize::detail::byte_to_char(std::uint8_t(b)));
  std::unordered_map<std::string, std::int32_t> id_of;
  for (std::int32_t i = 0; i < 256; ++i) id_of[out.vocab[i]] = i;

  const std::size_t target = std::size_t(options.vocab_size) - 1;  // the last id is BOS
  job.begin("training the tokenizer", std::int64_t(target - 256));
  while (out.vocab.size() < target) {
    PairKey best = 0;
    std::int64_t best_count = 1;
    for (const auto& [k, c] : pair_count)
      if (c > best_count || (c == best_count && c > 1 && k < best)) best = k, best_count = c;
    if (best_count < 2) break;
    const std::int32_t a = left_of(best), b = right_of(best);
    const std::string merged = out.vocab[a] + out.vocab[b];
    std::int32_t id;
    if (const auto it = id_of.find(merged); it != id_of.end()) {
      id = it->second;  // the same string reached by another pair: one token, one more merge
    } else {
      id = std::int32_t(out.vocab.size());
      out.vocab.push_back(merged);
      id_of.emplace(merged, id);
      if (!job.advance()) return fail(ErrorCode::Cancelled, "cancelled");
    }
    out.merges.emplace_back(out.vocab[a], out.vocab[b]);

    std::vector<std::int32_t> touched = std::move(where[best]);
    where.erase(best);
    std::sort(touched.begin(), touched.end());
    touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
    for (const std::int32_t w : touched) {
      std::vector<std::int32_t>& s = words[w].symbols;
      const std::int64_t c = words[w].count;
      bool present = false;
      for (std::size_t i = 0; i + 1 < s.size() && !present; ++i) present = s[i] == a && s[i + 1] == b;
      if (!present) continue;
      for (std::size_t i = 0; i + 1 < s.size(); ++i) {
        const auto it = pair_count.find(key_of(s[i], s[i + 1]));
        if ((it->second -= c) == 0) pair_count.erase(it);
      }
      std::vector<std::int32_t> merged_symbols;
      merged_symbols.reserve(s.size());
      for (std::size_t i = 0; i < s.size(); ++i) {
        if (i + 1 < s.size() && s[i] == a && s[i + 1] == b) {
          merged_symbols.push_back(id);
          ++i;
        } else {
          merged_symbols.push_back(s[i]);
        }
      }
      s = std::move(merged_symbols);
      for (std::size_t i = 0; i + 1 < s.size(); ++i) {
        const PairKey k = key_of(s[i], s[i + 1]);
        pair_count[k] += c;
        if (s[i] == id || s[i + 1] == id) where[k].push_back(w);
      }
    }
  }
  out.bos_id = std::int32_t(out.vocab.size());
  out.bos_token = options.bos_token;
  out.vocab.push_back(options.bos_token);
  return out;
}

std::string tokenizer_json(const TrainedBpe& bpe) {
  using json = nlohmann::ordered_json;
  json vocab = json::object();
  for (std::size_t i = 0; i < bpe.vocab.size(); ++i) vocab[bpe.vocab[i]] = i;
  json merges = json::array();
  for (const auto& [l, r] : bpe.merges) merges.push_back(l + " " + r);
  const json bos_item = {{"SpecialToken", {{"id", bpe.bos_token}, {"type_id", 0}}}};
  json doc = {
      {"version", "1.0"},
      {"truncation", nullptr},
      {"padding", nullptr},
      {"added_tokens",
       {{{"id", bpe.bos_id}, {"content", bpe.bos_token}, {"single_word", false}, {"lstrip", false},
         {"rstrip", false}, {"normalized", false}, {"special", true}}}},
      {"normalizer", nullptr},
      {"pre_tokenizer", {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"trim_offsets", true}, {"use_regex", true}}},
      {"post_processor",
       {{"type", "TemplateProcessing"},
        {"single", {bos_item, {{"Sequence", {{"id", "A"}, {"type_id", 0}}}}}},
        {"pair",
         {bos_item, {{"Sequence", {{"id", "A"}, {"type_id", 0}}}}, bos_item, {{"Sequence", {{"id", "B"}, {"type_id", 1}}}}}},
        {"special_tokens", {{bpe.bos_token, {{"id", bpe.bos_token}, {"ids", {bpe.bos_id}}, {"tokens", {bpe.bos_token}}}}}}}},
      {"decoder", {{"type", "ByteLevel"}, {"add_prefix_space", true}, {"trim_offsets", true}, {"use_regex", true}}},
      {"model",
       {{"type", "BPE"},
        {"dropout", nullptr},
        {"unk_token", nullptr},
        {"continuing_subword_prefix", nullptr},
        {"end_of_word_suffix", nullptr},
        {"fuse_unk", false},
        {"byte_fallback", false},
        {"vocab", vocab},
        {"merges", merges}}}};
  return doc.dump(1) + "\n";
}

Result<void> write_tokenizer_json(const TrainedBpe& bpe, const std::filesystem::path& file) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << tokenizer_json(bpe);
  out.flush();
  if (!out) return fail(ErrorCode::Io, "cannot write the tokenizer", file.string());
  return {};
}

}  // namespace core::demo
