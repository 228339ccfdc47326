#pragma once
// A byte-pair-encoding tokenizer assembled from parts: the GPT-2 files (vocab.json + merges.txt)
// and tokenizer.json both describe one, differing only in which parts they choose. Internal to
// core/tokenize; built by gpt2_files.cpp and tokenizer_json.cpp.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/tokenize/normalizer.h"
#include "core/tokenize/regex_splitter.h"
#include "core/tokenize/tokenizer.h"

namespace core::tokenize::detail {

// A token matched in the raw text before anything else runs (tokenizer.json `added_tokens`).
struct AddedToken {
  std::string content;
  TokenId id = 0;
  bool special = false;      // omitted by decode
  bool lstrip = false;       // swallows whitespace on its left
  bool rstrip = false;       // swallows whitespace on its right
  bool single_word = false;  // only matches when not inside a word
  bool normalized = false;   // matched in the normalized text instead of the raw text
  bool match_in_text = true; // false: only an id (GPT-2's <|endoftext|> read from vocab.json)
};

struct PreTokenizerStep {
  enum Kind { ByteLevel, Metaspace, Split } kind = ByteLevel;
  // ByteLevel
  bool add_prefix_space = false;
  bool use_regex = true;
  // Metaspace
  std::string replacement = "\xE2\x96\x81";  // U+2581 "▁"
  enum Prepend { Always, First, Never } prepend = Always;
  bool split = true;
  // Split (ByteLevel with use_regex uses the GPT-2 pattern)
  std::shared_ptr<const RegexSplitter> regex;
  enum Behavior { Removed, Isolated, MergedWithPrevious, MergedWithNext, Contiguous } behavior = Isolated;
  bool invert = false;  // the pattern matches what lies between the delimiters
};

struct BpeConfig {
  std::string kind;                       // what Tokenizer::kind() reports
  std::vector<std::string> vocab;         // id -> token; ids with no token hold an empty string
  std::vector<bool> in_vocab;             // which ids the model vocabulary defines
  std::vector<std::pair<std::string, std::string>> merges;  // highest priority first (BPE)
  // A Unigram model instead of BPE: the log-probability of each id (NaN for ids the model lacks);
  // a pre-token is cut into the pieces with the highest total score (Viterbi), as SentencePiece does.
  bool unigram = false;
  std::vector<double> scores;
  std::vector<std::size_t> merge_lines;   // where each merge came from, for errors (line or index)
  std::vector<AddedToken> added;
  std::vector<NormalizerStep> normalizer;
  std::vector<PreTokenizerStep> pre_tokenizer;
  bool byte_fallback = false;             // unknown characters become <0xXX> tokens
  std::optional<TokenId> unk;             // otherwise they become this (nullopt: dropped)
  bool fuse_unk = false;
  bool ignore_merges = false;             // a whole pre-token found in the vocabulary is one token
  // true: OpenAI's encoder.py rule (merge every occurrence of the best pair, left to right, before
  // looking again); false: Hugging Face's (one best pair at a time). They agree on any merges table
  // whose merges only combine tokens that earlier merges made.
  bool openai_rounds = false;
  bool byte_level_decode = false;         // decode maps characters back to bytes
  bool strip_leading_space = false;       // decode drops one leading space (Metaspace, Strip)
  std::string space_symbol = "\xE2\x96\x81";  // shown and decoded as a space unless byte-level
  std::optional<TokenId> bos, eos, pad;
  bool adds_bos = false;
  std::vector<TokenId> suffix;            // appended to every encoding (template processing)
};

// Checks the parts against each other (every merge's parts and result in the vocabulary, byte tokens
// present where needed) and builds the tokenizer. `path` names the file in errors.
Result<std::shared_ptr<const Tokenizer>> make_bpe_tokenizer(BpeConfig config, const std::string& path);

}  // namespace core::tokenize::detail
