#include "core/tokenize/tokenizer_json.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <unordered_map>

#include "core/tokenize/bpe_tokenizer.h"
#include "core/tokenize/json_vocab.h"
#include "core/tokenize/text_util.h"

namespace core::tokenize {
namespace {

using nlohmann::json;
using detail::BpeConfig;
using detail::PreTokenizerStep;

// Reading one tokenizer.json: every accessor checks the type it expects and, on a mismatch, records
// an error naming the key (the first error wins; later reads are harmless).
class Reader {
 public:
  explicit Reader(std::string path) : path_(std::move(path)) {}

  bool ok() const { return !error_; }
  Error error() const { return *error_; }
  void fail(ErrorCode code, const std::string& message) {
    if (!error_) error_ = Error{code, message, path_, {}};
  }

  bool flag(const json& obj, const char* key, const std::string& where, bool fallback) {
    const auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) return fallback;
    if (!it->is_boolean()) {
      fail(ErrorCode::InvalidInput, where + "." + key + " must be true or false");
      return fallback;
    }
    return it->get<bool>();
  }

  std::string text(const json& obj, const char* key, const std::string& where, const std::string& fallback = {}) {
    const auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) return fallback;
    if (!it->is_string()) {
      fail(ErrorCode::InvalidInput, where + "." + key + " must be a string");
      return fallback;
    }
    return it->get<std::string>();
  }

  std::string type_of(const json& obj, const std::string& where) {
    if (!obj.is_object()) {
      fail(ErrorCode::InvalidInput, where + " must be an object");
      return {};
    }
    std::string t = text(obj, "type", where);
    if (t.empty() && ok()) fail(ErrorCode::InvalidInput, where + " has no \"type\"");
    return t;
  }

  void unsupported(const std::string& where, const std::string& type) {
    fail(ErrorCode::Unsupported, where + " type \"" + type + "\" is not supported");
  }

  // A Replace/Split pattern: {"String": s} or {"Regex": r}.
  std::optional<std::pair<std::string, bool>> pattern(const json& obj, const std::string& where) {
    const auto it = obj.find("pattern");
    if (it == obj.end() || !it->is_object()) {
      fail(ErrorCode::InvalidInput, where + ".pattern must be an object with \"String\" or \"Regex\"");
      return std::nullopt;
    }
    if (it->contains("String") && (*it)["String"].is_string()) return std::pair{(*it)["String"].get<std::string>(), false};
    if (it->contains("Regex") && (*it)["Regex"].is_string()) return std::pair{(*it)["Regex"].get<std::string>(), true};
    fail(ErrorCode::InvalidInput, where + ".pattern must hold a \"String\" or a \"Regex\"");
    return std::nullopt;
  }

 private:
  std::string path_;
  std::optional<Error> error_;
};

void read_normalizer(Reader& r, const json& n, const std::string& where, BpeConfig& c) {
  if (n.is_null()) return;
  const std::string type = r.type_of(n, where);
  if (!r.ok()) return;
  if (type == "Sequence") {
    const auto it = n.find("normalizers");
    if (it == n.end() || !it->is_array()) return r.fail(ErrorCode::InvalidInput, where + ".normalizers must be a list");
    for (std::size_t i = 0; i < it->size(); ++i) read_normalizer(r, (*it)[i], where + ".normalizers[" + std::to_string(i) + "]", c);
  } else if (type == "Prepend") {
    detail::NormalizerStep step;
    step.kind = detail::NormalizerStep::Prepend;
    step.text = r.text(n, "prepend", where);
    c.normalizer.push_back(std::move(step));
  } else if (type == "Replace") {
    const auto p = r.pattern(n, where);
    if (!p) return;
    detail::NormalizerStep step;
    step.kind = detail::NormalizerStep::Replace;
    step.replacement = r.text(n, "content", where);
    if (p->second) {
      auto re = detail::RegexSplitter::compile(p->first);
      if (!re) return r.fail(re.error().code, where + ": " + re.error().message + " (" + re.error().detail + ")");
      step.regex = *re;
    } else {
      step.text = p->first;
    }
    c.normalizer.push_back(std::move(step));
  } else if (type == "NFC" || type == "NFD" || type == "NFKC" || type == "NFKD" || type == "Lowercase") {
    using N = detail::NormalizerStep;
    N step;
    step.kind = type == "NFC" ? N::Nfc : type == "NFD" ? N::Nfd : type == "NFKC" ? N::Nfkc : type == "NFKD" ? N::Nfkd : N::Lowercase;
    c.normalizer.push_back(std::move(step));
  } else if (type == "Strip") {
    detail::NormalizerStep step;
    step.kind = detail::NormalizerStep::Strip;
    step.strip_left = r.flag(n, "strip_left", where, false);
    step.strip_right = r.flag(n, "strip_right", where, false);
    c.normalizer.push_back(std::move(step));
  } else {
    r.unsupported(where, type);
  }
}

std::optional<PreTokenizerStep::Behavior> behavior_of(const std::string& b) {
  if (b == "Removed") return PreTokenizerStep::Removed;
  if (b == "Isolated") return PreTokenizerStep::Isolated;
  if (b == "MergedWithPrevious") return PreTokenizerStep::MergedWithPrevious;
  if (b == "MergedWithNext") return PreTokenizerStep::MergedWithNext;
  if (b == "Contiguous") return PreTokenizerStep::Contiguous;
  return std::nullopt;
}

// The Metaspace prepend scheme, from prepend_scheme (newer files) or add_prefix_space (older ones).
PreTokenizerStep::Prepend prepend_of(Reader& r, const json& m, const std::string& where) {
  const std::string scheme = r.text(m, "prepend_scheme", where);
  if (scheme == "first") return PreTokenizerStep::First;
  if (scheme == "never") return PreTokenizerStep::Never;
  if (scheme == "always") return PreTokenizerStep::Always;
  if (!scheme.empty()) r.fail(ErrorCode::InvalidInput, where + ".prepend_scheme \"" + scheme + "\" is unknown");
  return r.flag(m, "add_prefix_space", where, true) ? PreTokenizerStep::Always : PreTokenizerStep::Never;
}

void read_pre_tokenizer(Reader& r, const json& p, const std::string& where, BpeConfig& c) {
  if (p.is_null()) return;
  const std::string type = r.type_of(p, where);
  if (!r.ok()) return;
  PreTokenizerStep step;
  if (type == "Sequence") {
    const auto it = p.find("pretokenizers");
    if (it == p.end() || !it->is_array()) return r.fail(ErrorCode::InvalidInput, where + ".pretokenizers must be a list");
    for (std::size_t i = 0; i < it->size(); ++i)
      read_pre_tokenizer(r, (*it)[i], where + ".pretokenizers[" + std::to_string(i) + "]", c);
    return;
  }
  if (type == "ByteLevel") {
    step.kind = PreTokenizerStep::ByteLevel;
    step.add_prefix_space = r.flag(p, "add_prefix_space", where, true);
    step.use_regex = r.flag(p, "use_regex", where, true);
    if (step.use_regex) {
      auto re = detail::RegexSplitter::compile(detail::kGpt2Pattern);
      if (!re) return r.fail(re.error().code, re.error().message);
      step.regex = *re;
    }
  } else if (type == "Metaspace") {
    step.kind = PreTokenizerStep::Metaspace;
    step.replacement = r.text(p, "replacement", where, "\xE2\x96\x81");
    if (step.replacement.empty()) return r.fail(ErrorCode::InvalidInput, where + ".replacement is empty");
    step.prepend = prepend_of(r, p, where);
    step.split = r.flag(p, "split", where, true);
  } else if (type == "Split") {
    step.kind = PreTokenizerStep::Split;
    const auto pat = r.pattern(p, where);
    if (!pat) return;
    step.invert = r.flag(p, "invert", where, false);
    const auto b = behavior_of(r.text(p, "behavior", where));
    if (!b) return r.fail(ErrorCode::InvalidInput, where + ".behavior \"" + r.text(p, "behavior", where) + "\" is unknown");
    step.behavior = *b;
    auto re = detail::RegexSplitter::compile(pat->first, !pat->second);
    if (!re) return r.fail(re.error().code, where + ": " + re.error().message + " (" + re.error().detail + ")");
    step.regex = *re;
  } else {
    return r.unsupported(where, type);
  }
  c.pre_tokenizer.push_back(std::move(step));
}

void read_decoder(Reader& r, const json& d, const std::string& where, BpeConfig& c) {
  if (d.is_null()) return;
  const std::string type = r.type_of(d, where);
  if (!r.ok()) return;
  if (type == "Sequence") {
    const auto it = d.find("decoders");
    if (it == d.end() || !it->is_array()) return r.fail(ErrorCode::InvalidInput, where + ".decoders must be a list");
    for (std::size_t i = 0; i < it->size(); ++i) read_decoder(r, (*it)[i], where + ".decoders[" + std::to_string(i) + "]", c);
  } else if (type == "ByteLevel") {
    c.byte_level_decode = true;
  } else if (type == "Metaspace") {
    c.space_symbol = r.text(d, "replacement", where, "\xE2\x96\x81");
    c.strip_leading_space = prepend_of(r, d, where) != PreTokenizerStep::Never;
  } else if (type == "Replace") {
    const auto p = r.pattern(d, where);
    if (p && !p->second && r.text(d, "content", where) == " ") c.space_symbol = p->first;
  } else if (type == "Strip") {
    if (r.text(d, "content", where) == " " && d.value("start", 0) >= 1) c.strip_leading_space = true;
  } else if (type != "ByteFallback" && type != "Fuse") {
    r.unsupported(where, type);
  }
}

// Token ids of a special-token name: the added tokens first, then the vocabulary.
std::optional<TokenId> id_of(const BpeConfig& c, const std::string& content) {
  for (const auto& a : c.added)
    if (a.content == content) return a.id;
  for (std::size_t i = 0; i < c.vocab.size(); ++i)
    if (c.in_vocab[i] && c.vocab[i] == content) return TokenId(i);
  return std::nullopt;
}

void read_post_processor(Reader& r, const json& p, const std::string& where, BpeConfig& c, bool& has_template) {
  if (p.is_null()) return;
  const std::string type = r.type_of(p, where);
  if (!r.ok()) return;
  if (type == "Sequence") {
    const auto it = p.find("processors");
    if (it == p.end() || !it->is_array()) return r.fail(ErrorCode::InvalidInput, where + ".processors must be a list");
    for (std::size_t i = 0; i < it->size(); ++i)
      read_post_processor(r, (*it)[i], where + ".processors[" + std::to_string(i) + "]", c, has_template);
    return;
  }
  if (type == "ByteLevel") return;  // only adjusts offsets
  if (type != "TemplateProcessing") return r.unsupported(where, type);
  const auto single = p.find("single");
  const auto specials = p.find("special_tokens");
  if (single == p.end() || !single->is_array())
    return r.fail(ErrorCode::InvalidInput, where + ".single must be a list");
  std::vector<TokenId> prefix, suffix;
  bool seen_sequence = false;
  for (const auto& item : *single) {
    if (item.contains("Sequence")) {
      seen_sequence = true;
      continue;
    }
    const auto st = item.find("SpecialToken");
    if (st == item.end() || !st->is_object() || !st->contains("id") || !(*st)["id"].is_string())
      return r.fail(ErrorCode::InvalidInput, where + ".single holds an item that is neither Sequence nor SpecialToken");
    const std::string name = (*st)["id"];
    std::vector<TokenId> ids;
    if (specials != p.end() && specials->is_object() && specials->contains(name) && (*specials)[name].contains("ids") &&
        (*specials)[name]["ids"].is_array()) {
      for (const auto& id : (*specials)[name]["ids"]) {
        if (!id.is_number_integer()) return r.fail(ErrorCode::InvalidInput, where + ": special token \"" + name + "\" has a non-integer id");
        ids.push_back(id.get<TokenId>());
      }
    } else if (const auto id = id_of(c, name)) {
      ids.push_back(*id);
    } else {
      return r.fail(ErrorCode::InvalidInput, where + ": special token \"" + name + "\" is not defined");
    }
    (seen_sequence ? suffix : prefix).insert((seen_sequence ? suffix : prefix).end(), ids.begin(), ids.end());
  }
  if (prefix.size() > 1)
    return r.fail(ErrorCode::Unsupported, where + ": a template with more than one token before the text is not supported");
  has_template = true;
  c.adds_bos = !prefix.empty();
  if (!prefix.empty()) c.bos = prefix.front();
  c.suffix = suffix;
}

// tokenizer_config.json names special tokens as a string or as {"content": ...}.
std::optional<std::string> config_token(const json& config, const char* key) {
  const auto it = config.find(key);
  if (it == config.end()) return std::nullopt;
  if (it->is_string()) return it->get<std::string>();
  if (it->is_object() && it->contains("content") && (*it)["content"].is_string()) return (*it)["content"].get<std::string>();
  return std::nullopt;
}

// A Unigram model: vocab = [[piece, score], ...] in id order, unk_id an index or null. Returns the
// unknown token's id (nullopt when there is none).
Result<std::optional<TokenId>> read_unigram(const json& model, BpeConfig& c, const std::string& path) {
  const json& vocab = model["vocab"];
  if (!vocab.is_array()) return fail(ErrorCode::InvalidInput, "model.vocab of a Unigram model must be a list of [piece, score]", path);
  if (std::int64_t(vocab.size()) > detail::kMaxVocab)
    return fail(ErrorCode::InvalidInput, "model.vocab has " + std::to_string(vocab.size()) + " pieces, more than any tokenizer", path);
  c.unigram = true;
  c.vocab.resize(vocab.size());
  c.in_vocab.assign(vocab.size(), true);
  c.scores.resize(vocab.size());
  std::unordered_map<std::string, std::size_t> seen;
  for (std::size_t i = 0; i < vocab.size(); ++i) {
    const json& e = vocab[i];
    if (!e.is_array() || e.size() != 2 || !e[0].is_string() || !e[1].is_number())
      return fail(ErrorCode::InvalidInput, "model.vocab[" + std::to_string(i) + "] is not [piece, score]", path);
    c.vocab[i] = e[0].get<std::string>();
    c.scores[i] = e[1].get<double>();
    if (!std::isfinite(c.scores[i]))
      return fail(ErrorCode::InvalidInput, "model.vocab[" + std::to_string(i) + "] has a score that is not a finite number", path);
    if (const auto [it, fresh] = seen.emplace(c.vocab[i], i); !fresh)
      return fail(ErrorCode::InvalidInput, "model.vocab holds \"" + c.vocab[i] + "\" twice (ids " + std::to_string(it->second) +
                                               " and " + std::to_string(i) + ")", path);
  }
  const auto unk = model.find("unk_id");
  if (unk == model.end() || unk->is_null()) return std::optional<TokenId>();
  if (!unk->is_number_integer() || unk->get<std::int64_t>() < 0 || unk->get<std::int64_t>() >= std::int64_t(vocab.size()))
    return fail(ErrorCode::InvalidInput, "model.unk_id must be the index of a piece", path);
  return std::optional<TokenId>(TokenId(unk->get<std::int64_t>()));
}

}  // namespace

Result<std::shared_ptr<const Tokenizer>> parse_tokenizer_json(std::string_view text, std::string_view config_text,
                                                              const std::string& path) {
  auto parsed = detail::parse_json(text, path);
  if (!parsed) return std::unexpected(parsed.error());
  const json& root = *parsed;
  if (!root.is_object()) return fail(ErrorCode::InvalidInput, "tokenizer.json must hold a JSON object", path);
  const auto model = root.find("model");
  if (model == root.end() || !model->is_object())
    return fail(ErrorCode::InvalidInput, "no \"model\" object: this is not a Hugging Face tokenizer.json", path);
  // Files written without "type" are told apart by shape, as Hugging Face's untagged reader does.
  const bool listed = model->contains("vocab") && (*model)["vocab"].is_array();
  const std::string type = model->value("type", std::string(model->contains("merges") ? "BPE" : listed ? "Unigram" : ""));
  if (type != "BPE" && type != "Unigram")
    return fail(ErrorCode::Unsupported, "model type \"" + type + "\" is not supported; Cartograph reads BPE and Unigram tokenizer.json", path);

  BpeConfig c;
  c.kind = "tokenizer.json";
  const auto vocab = model->find("vocab");
  if (vocab == model->end()) return fail(ErrorCode::InvalidInput, "model.vocab is missing", path);
  std::optional<TokenId> unigram_unk;
  if (type == "Unigram") {
    auto unk = read_unigram(*model, c, path);
    if (!unk) return std::unexpected(unk.error());
    unigram_unk = *unk;
  } else if (auto r = detail::read_vocab_object(*vocab, c, "model.vocab", path); !r) {
    return std::unexpected(r.error());
  }
  const auto merges = model->find("merges");
  if (type == "BPE") {
    if (merges == model->end() || !merges->is_array())
      return fail(ErrorCode::InvalidInput, "model.merges is missing (a BPE model needs its merges list)", path);
    for (std::size_t i = 0; i < merges->size(); ++i) {
      const json& m = (*merges)[i];
      if (m.is_string()) {
        const std::string s = m;
        const auto space = s.find(' ');
        if (space == 0 || space == std::string::npos || space + 1 == s.size() || s.find(' ', space + 1) != std::string::npos)
          return fail(ErrorCode::InvalidInput, "model.merges[" + std::to_string(i) + "] is not \"left right\": \"" + s + "\"", path);
        c.merges.emplace_back(s.substr(0, space), s.substr(space + 1));
      } else if (m.is_array() && m.size() == 2 && m[0].is_string() && m[1].is_string()) {
        c.merges.emplace_back(m[0].get<std::string>(), m[1].get<std::string>());
      } else {
        return fail(ErrorCode::InvalidInput, "model.merges[" + std::to_string(i) + "] is neither \"left right\" nor a pair", path);
      }
    }
  }

  Reader r(path);
  c.byte_fallback = r.flag(*model, "byte_fallback", "model", false);
  c.fuse_unk = r.flag(*model, "fuse_unk", "model", false);
  c.ignore_merges = r.flag(*model, "ignore_merges", "model", false);
  if (!r.text(*model, "continuing_subword_prefix", "model").empty() || !r.text(*model, "end_of_word_suffix", "model").empty())
    return fail(ErrorCode::Unsupported, "BPE with continuing_subword_prefix or end_of_word_suffix is not supported", path);
  const std::string unk = r.text(*model, "unk_token", "model");
  if (!r.ok()) return std::unexpected(r.error());

  if (const auto added = root.find("added_tokens"); added != root.end() && !added->is_null()) {
    if (!added->is_array()) return fail(ErrorCode::InvalidInput, "added_tokens must be a list", path);
    for (std::size_t i = 0; i < added->size(); ++i) {
      const json& a = (*added)[i];
      const std::string where = "added_tokens[" + std::to_string(i) + "]";
      if (!a.is_object() || !a.contains("id") || !a["id"].is_number_integer() || !a.contains("content") || !a["content"].is_string())
        return fail(ErrorCode::InvalidInput, where + " needs an integer \"id\" and a string \"content\"", path);
      const auto id = a["id"].get<std::int64_t>();
      if (id < 0 || id >= detail::kMaxVocab)
        return fail(ErrorCode::InvalidInput, where + " has id " + std::to_string(id) + ", outside the vocabulary range", path);
      detail::AddedToken t{.content = a["content"], .id = TokenId(id), .special = r.flag(a, "special", where, false),
                           .lstrip = r.flag(a, "lstrip", where, false), .rstrip = r.flag(a, "rstrip", where, false),
                           .single_word = r.flag(a, "single_word", where, false),
                           .normalized = r.flag(a, "normalized", where, !r.flag(a, "special", where, false))};
      if (t.content.empty()) return fail(ErrorCode::InvalidInput, where + " has empty content", path);
      detail::ensure_id(c, t.id);
      c.added.push_back(std::move(t));
    }
  }
  if (unigram_unk) {
    c.unk = unigram_unk;
  } else if (!unk.empty()) {
    c.unk = id_of(c, unk);
    if (!c.unk) return fail(ErrorCode::InvalidInput, "model.unk_token \"" + unk + "\" is not in the vocabulary", path);
  }

  read_normalizer(r, root.value("normalizer", json()), "normalizer", c);
  read_pre_tokenizer(r, root.value("pre_tokenizer", json()), "pre_tokenizer", c);
  const bool has_decoder = root.contains("decoder") && !root["decoder"].is_null();
  read_decoder(r, root.value("decoder", json()), "decoder", c);
  bool has_template = false;
  read_post_processor(r, root.value("post_processor", json()), "post_processor", c, has_template);
  if (!r.ok()) return std::unexpected(r.error());
  if (!has_decoder)
    for (const auto& s : c.pre_tokenizer) c.byte_level_decode = c.byte_level_decode || s.kind == PreTokenizerStep::ByteLevel;

  json config = json::object();
  if (!config_text.empty()) {
    auto cj = detail::parse_json(config_text, path);
    if (!cj) return fail(ErrorCode::InvalidInput, "tokenizer_config.json beside it is not valid JSON", path, cj.error().message);
    if (cj->is_object()) config = std::move(*cj);
  }
  const auto named = [&](const char* key, std::initializer_list<const char*> guesses) -> std::optional<TokenId> {
    if (const auto name = config_token(config, key)) return id_of(c, *name);
    for (const char* g : guesses)
      if (const auto id = id_of(c, g)) return id;
    return std::nullopt;
  };
  const auto eos = named("eos_token", {"</s>", "<|endoftext|>", "<|end_of_text|>", "<eos>"});
  c.eos = !has_template || c.suffix.empty() ? eos : std::optional<TokenId>(c.suffix.back());
  if (const auto name = config_token(config, "pad_token")) c.pad = id_of(c, *name);
  if (!c.bos) c.bos = named("bos_token", {"<s>", "<|begin_of_text|>", "<bos>", "<|endoftext|>"});
  if (config.contains("add_bos_token") && config["add_bos_token"].is_boolean()) c.adds_bos = config["add_bos_token"].get<bool>();
  if (config.contains("add_eos_token") && config["add_eos_token"].is_boolean()) {
    c.suffix.clear();
    if (config["add_eos_token"].get<bool>() && c.eos) c.suffix.push_back(*c.eos);
  }
  return detail::make_bpe_tokenizer(std::move(c), path);
}

Result<std::shared_ptr<const Tokenizer>> load_tokenizer_json(const std::filesystem::path& path) {
  auto text = detail::read_file_bytes(path, std::uintmax_t(512) << 20);
  if (!text) return std::unexpected(text.error());
  std::string config;
  const auto config_path = path.parent_path() / "tokenizer_config.json";
  std::error_code ec;
  if (std::filesystem::is_regular_file(config_path, ec)) {
    auto bytes = detail::read_file_bytes(config_path, std::uintmax_t(64) << 20);
    if (!bytes) return std::unexpected(bytes.error());
    config = std::move(*bytes);
  }
  return parse_tokenizer_json(*text, config, path.string());
}

}  // namespace core::tokenize
