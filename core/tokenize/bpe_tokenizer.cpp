#include "core/tokenize/bpe_tokenizer.h"

#include <array>
#include <cmath>
#include <functional>
#include <limits>
#include <mutex>
#include <queue>
#include <unordered_map>

#include "core/tokenize/byte_level.h"
#include "core/tokenize/text_util.h"
#include "core/tokenize/unigram_model.h"

namespace core::tokenize::detail {
namespace {

constexpr std::size_t kMaxCachedPiece = 256;    // longer pre-tokens are rare; caching them wastes memory
constexpr std::size_t kMaxCacheEntries = 1 << 18;

std::uint64_t pair_key(TokenId a, TokenId b) {
  return (std::uint64_t(std::uint32_t(a)) << 32) | std::uint32_t(b);
}

void replace_all(std::string& s, std::string_view from, std::string_view to) {
  if (from.empty()) return;
  std::string out;
  std::size_t pos = 0;
  for (std::size_t hit; (hit = s.find(from, pos)) != std::string::npos; pos = hit + from.size()) {
    out.append(s, pos, hit - pos);
    out += to;
  }
  out.append(s, pos);
  s = std::move(out);
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool is_word_byte(unsigned char c) { return std::isalnum(c) || c == '_' || c >= 0x80; }

// Cuts `piece` at `matches` the way tokenizer.json's SplitDelimiterBehavior says: the text is an
// alternation of gaps and matches, and the behaviour says which of them join their neighbours.
void split_by(std::string_view piece, const std::vector<RegexSplitter::Match>& matches,
              PreTokenizerStep::Behavior behavior, std::vector<std::string>& out, bool invert = false) {
  struct Range {
    std::size_t begin, end;
    bool match;
  };
  std::vector<Range> ranges;
  ranges.reserve(2 * matches.size() + 1);
  std::size_t pos = 0;
  for (const auto& m : matches) {
    if (m.begin > pos) ranges.push_back({pos, m.begin, false});
    ranges.push_back({m.begin, m.end, true});
    pos = m.end;
  }
  if (pos < piece.size()) ranges.push_back({pos, piece.size(), false});
  if (invert)  // Split with invert: what the pattern matches is kept, the rest is the delimiter
    for (auto& r : ranges) r.match = !r.match;
  using B = PreTokenizerStep;
  // join[i]: range i joins the piece of range i - 1 instead of starting its own.
  std::vector<char> join(ranges.size(), 0);
  for (std::size_t i = 1; i < ranges.size(); ++i) {
    const bool prev = ranges[i - 1].match, cur = ranges[i].match;
    switch (behavior) {
      case B::Removed:
      case B::Isolated: break;
      case B::MergedWithPrevious: join[i] = cur && !prev; break;
      // A match joins what follows it unless that is another match (Hugging Face folds from the end).
      case B::MergedWithNext: join[i] = prev && !cur; break;
      case B::Contiguous: join[i] = cur && prev; break;
    }
  }
  std::string current;
  bool open = false;
  for (std::size_t i = 0; i < ranges.size(); ++i) {
    const Range& r = ranges[i];
    if (behavior == B::Removed && r.match) continue;
    if (!join[i] && open) {
      if (!current.empty()) out.push_back(std::move(current));
      current.clear();
    }
    current.append(piece.substr(r.begin, r.end - r.begin));
    open = true;
  }
  if (!current.empty()) out.push_back(std::move(current));
}

class BpeTokenizer final : public Tokenizer {
 public:
  explicit BpeTokenizer(BpeConfig c) : c_(std::move(c)) {
    for (std::size_t id = 0; id < c_.vocab.size(); ++id)
      if (c_.in_vocab[id]) token_to_id_.emplace(c_.vocab[id], TokenId(id));
    merges_.reserve(c_.merges.size());
    for (std::size_t rank = 0; rank < c_.merges.size(); ++rank) {
      const auto& [a, b] = c_.merges[rank];
      const TokenId ia = token_to_id_.at(a), ib = token_to_id_.at(b), m = token_to_id_.at(a + b);
      merges_.try_emplace(pair_key(ia, ib), Merge{std::int32_t(rank), m});  // a repeated pair keeps its first rank
    }
    for (int b = 0; b < 256; ++b) {
      const auto ch = token_to_id_.find(byte_to_char(std::uint8_t(b)));
      byte_char_ids_[b] = ch != token_to_id_.end() ? ch->second : -1;
      const auto bt = token_to_id_.find(byte_token_name(std::uint8_t(b)));
      byte_token_ids_[b] = bt != token_to_id_.end() ? bt->second : -1;
    }
    special_.assign(c_.vocab.size(), false);
    added_index_.assign(c_.vocab.size(), -1);
    for (std::size_t i = 0; i < c_.added.size(); ++i) {
      const auto& a = c_.added[i];
      added_index_[a.id] = std::int32_t(i);
      if (a.special) special_[a.id] = true;
      if (a.match_in_text && !a.content.empty())
        (a.normalized ? normalized_by_first_byte_ : added_by_first_byte_)[static_cast<unsigned char>(a.content[0])].push_back(i);
      has_normalized_added_ = has_normalized_added_ || (a.match_in_text && a.normalized);
    }
    if (c_.unigram) {
      double lowest = std::numeric_limits<double>::infinity();
      for (std::size_t id = 0; id < c_.vocab.size(); ++id)
        if (c_.in_vocab[id]) {
          lowest = std::min(lowest, c_.scores[id]);
          max_piece_bytes_ = std::max(max_piece_bytes_, c_.vocab[id].size());
        }
      unk_score_ = (std::isfinite(lowest) ? lowest : 0.0) - 10.0;  // Hugging Face's kUnkPenalty
    }
    // Mapping bytes to characters last lets the model read bytes directly and cache raw pre-tokens.
    lazy_byte_level_ = !c_.pre_tokenizer.empty() && c_.pre_tokenizer.back().kind == PreTokenizerStep::ByteLevel;
  }

  std::vector<TokenId> encode(std::string_view text, std::optional<bool> add_bos) const override {
    std::vector<TokenId> out;
    out.reserve(text.size() / 3 + 4);
    if (add_bos.value_or(c_.adds_bos) && c_.bos) out.push_back(*c_.bos);
    std::size_t segment = 0;
    const auto flush = [&](std::size_t end) {
      if (end > segment) encode_segment(text.substr(segment, end - segment), segment == 0, out);
    };
    split_added(text, added_by_first_byte_, flush, out, segment);
    // Forcing BOS off asks for the text's tokens alone (a prompt, a continuation): no suffix either,
    // as Hugging Face's add_special_tokens=False.
    if (add_bos.value_or(true)) out.insert(out.end(), c_.suffix.begin(), c_.suffix.end());
    return out;
  }

  std::string decode(std::span<const TokenId> ids) const override {
    std::string out;
    for (const TokenId id : ids) {
      if (id < 0 || id >= vocab_size() || special_[id]) continue;
      if (added_index_[id] >= 0) {
        out += added_text(id);
      } else if (c_.byte_level_decode) {
        out += chars_to_bytes(c_.vocab[id]);
      } else if (const auto byte = parse_byte_token(c_.vocab[id])) {
        out += static_cast<char>(*byte);
      } else {
        std::string t = c_.vocab[id];
        replace_all(t, c_.space_symbol, " ");
        out += t;
      }
    }
    if (c_.strip_leading_space && !out.empty() && out.front() == ' ') out.erase(0, 1);
    return out;
  }

  std::string token_text(TokenId id) const override {
    if (id < 0 || id >= vocab_size()) return {};
    if (added_index_[id] >= 0) return added_text(id);
    if (c_.byte_level_decode) {
      const std::string bytes = chars_to_bytes(c_.vocab[id]);
      std::string shown;
      for (std::size_t i = 0; i < bytes.size();) {
        const std::size_t n = utf8_char_length(bytes, i);
        if (n == 0) {
          shown += byte_token_name(static_cast<std::uint8_t>(bytes[i++]));
        } else {
          shown.append(bytes, i, n);
          i += n;
        }
      }
      return shown;
    }
    if (const auto byte = parse_byte_token(c_.vocab[id])) return byte_display(*byte);
    std::string t = c_.vocab[id];
    replace_all(t, c_.space_symbol, " ");
    return t;
  }

  std::string piece(TokenId id) const override {
    if (id < 0 || id >= vocab_size()) return {};
    return added_index_[id] >= 0 ? c_.added[added_index_[id]].content : c_.vocab[id];
  }
  std::int32_t vocab_size() const override { return std::int32_t(c_.vocab.size()); }
  std::optional<TokenId> bos_id() const override { return c_.bos; }
  std::optional<TokenId> eos_id() const override { return c_.eos; }
  std::optional<TokenId> unk_id() const override { return c_.unk; }
  std::optional<TokenId> pad_id() const override { return c_.pad; }
  bool adds_bos() const override { return c_.adds_bos && c_.bos.has_value(); }
  std::string kind() const override { return c_.kind; }

 private:
  struct Merge {
    std::int32_t rank;
    TokenId merged;
  };
  struct AddedHit {
    std::size_t index;
  };

  using AddedIndex = std::array<std::vector<std::size_t>, 256>;

  // An added token's text: its content, through the decoder's space symbol unless byte-level
  // (Gemma's "▁▁" added tokens decode to two spaces, as every other piece does).
  std::string added_text(TokenId id) const {
    std::string t = c_.added[added_index_[id]].content;
    if (!c_.byte_level_decode) replace_all(t, c_.space_symbol, " ");
    return t;
  }

  // Cuts `text` at the added tokens of `index` (leftmost-longest, lstrip/rstrip swallowing the
  // whitespace beside them): the text between them goes to `flush(end)` (from `segment`), the
  // tokens' ids to `out`.
  template <class Flush>
  void split_added(std::string_view text, const AddedIndex& index, const Flush& flush, std::vector<TokenId>& out,
                   std::size_t& segment) const {
    for (std::size_t pos = 0; pos < text.size();) {
      const auto hit = match_added(text, pos, index);
      if (!hit) {
        ++pos;
        continue;
      }
      const AddedToken& a = c_.added[hit->index];
      std::size_t left = pos, right = pos + a.content.size();
      if (a.lstrip)
        while (left > segment && is_space(text[left - 1])) --left;
      if (a.rstrip)
        while (right < text.size() && is_space(text[right])) ++right;
      flush(left);
      out.push_back(a.id);
      segment = pos = right;
    }
    flush(text.size());
  }

  // The longest added token that starts at `pos` (leftmost-longest, as Hugging Face matches them).
  std::optional<AddedHit> match_added(std::string_view text, std::size_t pos, const AddedIndex& index) const {
    const auto& candidates = index[static_cast<unsigned char>(text[pos])];
    std::optional<AddedHit> best;
    for (const std::size_t i : candidates) {
      const auto& a = c_.added[i];
      if (text.compare(pos, a.content.size(), a.content) != 0) continue;
      if (a.single_word) {
        const bool before = pos > 0 && is_word_byte(static_cast<unsigned char>(text[pos - 1]));
        const std::size_t end = pos + a.content.size();
        const bool after = end < text.size() && is_word_byte(static_cast<unsigned char>(text[end]));
        if (before || after) continue;
      }
      if (!best || a.content.size() > c_.added[best->index].content.size()) best = AddedHit{i};
    }
    return best;
  }

  // One stretch of raw text between added tokens: normalized, cut at the added tokens that match
  // normalized text, then pre-tokenized and given to the model.
  void encode_segment(std::string_view segment, bool at_start, std::vector<TokenId>& out) const {
    const std::string s = normalize(c_.normalizer, std::string(segment));
    if (!has_normalized_added_) return encode_normalized(s, at_start, out);
    std::size_t inner = 0;
    const auto flush = [&](std::size_t end) {
      if (end > inner) encode_normalized(std::string_view(s).substr(inner, end - inner), at_start && inner == 0, out);
    };
    split_added(s, normalized_by_first_byte_, flush, out, inner);
  }

  void encode_normalized(std::string_view s, bool at_start, std::vector<TokenId>& out) const {
    std::vector<std::string> pieces{std::string(s)};
    const std::size_t steps = c_.pre_tokenizer.size();
    for (std::size_t k = 0; k < steps; ++k) pieces = pre_tokenize(c_.pre_tokenizer[k], std::move(pieces), at_start,
                                                                  lazy_byte_level_ && k + 1 == steps);
    for (const auto& p : pieces) model(p, lazy_byte_level_, out);
  }

  std::vector<std::string> pre_tokenize(const PreTokenizerStep& step, std::vector<std::string> pieces,
                                        bool at_start, bool leave_bytes) const {
    std::vector<std::string> next;
    for (std::size_t i = 0; i < pieces.size(); ++i) {
      std::string& p = pieces[i];
      switch (step.kind) {
        case PreTokenizerStep::ByteLevel: {
          if (step.add_prefix_space && !p.empty() && p.front() != ' ') p = ' ' + p;
          std::vector<std::string> parts;
          if (step.use_regex) split_by(p, step.regex->find_all(p), PreTokenizerStep::Isolated, parts);
          else parts.push_back(std::move(p));
          for (auto& part : parts) next.push_back(leave_bytes ? std::move(part) : bytes_to_chars(part));
          break;
        }
        case PreTokenizerStep::Metaspace: {
          replace_all(p, " ", step.replacement);
          const bool first = at_start && i == 0;
          const bool starts = p.compare(0, step.replacement.size(), step.replacement) == 0;
          if (!starts && (step.prepend == PreTokenizerStep::Always || (step.prepend == PreTokenizerStep::First && first)))
            p.insert(0, step.replacement);
          if (!step.split) {
            next.push_back(std::move(p));
            break;
          }
          std::vector<RegexSplitter::Match> hits;
          for (std::size_t h = p.find(step.replacement); h != std::string::npos;
               h = p.find(step.replacement, h + step.replacement.size()))
            hits.push_back({h, h + step.replacement.size()});
          split_by(p, hits, PreTokenizerStep::MergedWithNext, next);
          break;
        }
        case PreTokenizerStep::Split:
          split_by(p, step.regex->find_all(p), step.behavior, next, step.invert);
          break;
      }
    }
    return next;
  }

  // The BPE model on one pre-token: characters (or bytes) to ids, then merges.
  void model(std::string_view piece, bool raw_bytes, std::vector<TokenId>& out) const {
    if (piece.empty()) return;
    const bool cacheable = piece.size() <= kMaxCachedPiece;
    if (cacheable) {
      std::lock_guard lock(cache_mutex_);
      if (const auto it = cache_.find(piece); it != cache_.end()) {
        out.insert(out.end(), it->second.begin(), it->second.end());
        return;
      }
    }
    std::vector<TokenId> syms;
    if (c_.unigram) {
      unigram(raw_bytes ? bytes_to_chars(piece) : std::string(piece), syms);
    } else {
      syms = initial_symbols(piece, raw_bytes);
      apply_merges(syms);
    }
    out.insert(out.end(), syms.begin(), syms.end());
    if (cacheable) {
      std::lock_guard lock(cache_mutex_);
      if (cache_.size() >= kMaxCacheEntries) cache_.clear();
      cache_.emplace(std::string(piece), std::move(syms));
    }
  }

  std::vector<TokenId> initial_symbols(std::string_view piece, bool raw_bytes) const {
    std::vector<TokenId> syms;
    if (c_.ignore_merges) {
      const auto it = raw_bytes ? token_to_id_.find(bytes_to_chars(piece)) : token_to_id_.find(piece);
      if (it != token_to_id_.end()) return {it->second};
    }
    if (raw_bytes) {  // every byte's character is in the vocabulary (checked when loading)
      for (const char ch : piece) syms.push_back(byte_char_ids_[static_cast<unsigned char>(ch)]);
      return syms;
    }
    bool unk_open = false;
    for (std::size_t i = 0; i < piece.size();) {
      const std::size_t n = std::max<std::size_t>(1, utf8_char_length(piece, i));
      const std::string_view ch = piece.substr(i, n);
      i += n;
      if (const auto it = token_to_id_.find(ch); it != token_to_id_.end()) {
        syms.push_back(it->second);
        unk_open = false;
        continue;
      }
      if (c_.byte_fallback) {
        bool all = true;
        for (const char b : ch) all = all && byte_token_ids_[static_cast<unsigned char>(b)] >= 0;
        if (all) {
          for (const char b : ch) syms.push_back(byte_token_ids_[static_cast<unsigned char>(b)]);
          unk_open = false;
          continue;
        }
      }
      if (!c_.unk) continue;
      if (!(unk_open && c_.fuse_unk)) syms.push_back(*c_.unk);
      unk_open = true;
    }
    return syms;
  }

  // A Unigram model's best segmentation; characters no piece covers become byte tokens (byte
  // fallback), else the unknown token, else nothing.
  void unigram(const std::string& piece, std::vector<TokenId>& syms) const {
    const auto find = [&](std::string_view s) -> std::optional<TokenId> {
      const auto it = token_to_id_.find(s);
      return it == token_to_id_.end() ? std::nullopt : std::optional<TokenId>(it->second);
    };
    for (const auto& p : unigram_segment(piece, find, c_.scores, unk_score_, max_piece_bytes_)) {
      if (p.id) {
        syms.push_back(*p.id);
        continue;
      }
      bool all = c_.byte_fallback;
      for (std::size_t i = p.begin; all && i < p.end; ++i) all = byte_token_ids_[static_cast<unsigned char>(piece[i])] >= 0;
      if (all) {
        for (std::size_t i = p.begin; i < p.end; ++i) syms.push_back(byte_token_ids_[static_cast<unsigned char>(piece[i])]);
      } else if (c_.unk) {
        syms.push_back(*c_.unk);
      }
    }
  }

  void apply_merges(std::vector<TokenId>& syms) const {
    const auto n = static_cast<std::int32_t>(syms.size());
    if (n < 2 || merges_.empty()) return;
    struct Node {
      TokenId id;
      std::int32_t prev, next;
      std::uint32_t version;
    };
    struct Candidate {
      std::int32_t rank, left, right;
      std::uint32_t left_version, right_version;
      TokenId merged;
      bool operator>(const Candidate& o) const { return rank != o.rank ? rank > o.rank : left > o.left; }
    };
    std::vector<Node> nodes(syms.size());
    for (std::int32_t i = 0; i < n; ++i) nodes[i] = {syms[i], i - 1, i + 1 < n ? i + 1 : -1, 0};
    const auto candidate = [&](std::int32_t l, std::int32_t r) -> std::optional<Candidate> {
      const auto it = merges_.find(pair_key(nodes[l].id, nodes[r].id));
      if (it == merges_.end()) return std::nullopt;
      return Candidate{it->second.rank, l, r, nodes[l].version, nodes[r].version, it->second.merged};
    };
    std::vector<Candidate> initial;
    initial.reserve(syms.size());
    for (std::int32_t i = 0; i + 1 < n; ++i)
      if (const auto c = candidate(i, i + 1)) initial.push_back(*c);
    std::priority_queue<Candidate, std::vector<Candidate>, std::greater<>> heap(std::greater<>(), std::move(initial));
    std::vector<Candidate> pending;  // pairs made during an OpenAI round wait for the next round
    std::int32_t round_rank = -1;
    while (true) {
      if (heap.empty() || (!pending.empty() && heap.top().rank != round_rank)) {
        if (pending.empty()) break;
        for (const auto& c : pending) heap.push(c);
        pending.clear();
        continue;
      }
      const Candidate c = heap.top();
      heap.pop();
      Node& left = nodes[c.left];
      Node& right = nodes[c.right];
      if (left.version != c.left_version || right.version != c.right_version || left.next != c.right) continue;
      round_rank = c.rank;
      left.id = c.merged;
      ++left.version;
      right.version = ~0u;
      left.next = right.next;
      if (right.next >= 0) nodes[right.next].prev = c.left;
      for (const auto& [l, r] : {std::pair{left.prev, c.left}, std::pair{c.left, left.next}}) {
        if (l < 0 || r < 0) continue;
        if (const auto nc = candidate(l, r)) {
          if (c_.openai_rounds) pending.push_back(*nc);
          else heap.push(*nc);
        }
      }
    }
    syms.clear();
    for (std::int32_t i = 0; i >= 0; i = nodes[i].next) syms.push_back(nodes[i].id);
  }

  BpeConfig c_;
  std::unordered_map<std::string, TokenId, StringHash, std::equal_to<>> token_to_id_;
  std::unordered_map<std::uint64_t, Merge> merges_;
  std::array<TokenId, 256> byte_char_ids_{};
  std::array<TokenId, 256> byte_token_ids_{};
  std::vector<bool> special_;
  std::vector<std::int32_t> added_index_;
  AddedIndex added_by_first_byte_, normalized_by_first_byte_;
  bool has_normalized_added_ = false;
  double unk_score_ = 0;             // Unigram: a character no piece covers
  std::size_t max_piece_bytes_ = 0;  // Unigram: the longest piece
  bool lazy_byte_level_ = false;
  mutable std::mutex cache_mutex_;
  mutable std::unordered_map<std::string, std::vector<TokenId>, StringHash, std::equal_to<>> cache_;
};

}  // namespace

Result<std::shared_ptr<const Tokenizer>> make_bpe_tokenizer(BpeConfig c, const std::string& path) {
  if (c.vocab.empty()) return fail(ErrorCode::InvalidInput, "the vocabulary is empty", path);
  c.in_vocab.resize(c.vocab.size(), false);
  if (c.unigram) c.scores.resize(c.vocab.size(), 0.0);  // added tokens past the model: never scored
  std::unordered_map<std::string_view, TokenId> ids;
  for (std::size_t i = 0; i < c.vocab.size(); ++i)
    if (c.in_vocab[i]) ids.emplace(c.vocab[i], TokenId(i));
  for (std::size_t k = 0; k < c.merges.size(); ++k) {
    const auto& [a, b] = c.merges[k];
    const std::string where = "merge " + std::to_string(k + 1) +
                              (k < c.merge_lines.size() ? " (line " + std::to_string(c.merge_lines[k]) + ")" : "") +
                              " \"" + a + " " + b + "\"";
    for (const std::string& part : {a, b, a + b})
      if (!ids.contains(part))
        return fail(ErrorCode::InvalidInput, where + ": \"" + part + "\" is not in the vocabulary", path);
  }
  for (const auto& step : c.pre_tokenizer) {
    if (step.kind != PreTokenizerStep::ByteLevel) continue;
    for (int b = 0; b < 256; ++b)
      if (!ids.contains(byte_to_char(std::uint8_t(b))))
        return fail(ErrorCode::InvalidInput,
                    "byte-level vocabulary lacks the token for byte " + byte_token_name(std::uint8_t(b)) + " (\"" +
                        byte_to_char(std::uint8_t(b)) + "\")",
                    path);
  }
  const auto in_range = [&](std::optional<TokenId> id) { return !id || (*id >= 0 && std::size_t(*id) < c.vocab.size()); };
  for (const auto& a : c.added)
    if (!in_range(a.id)) return fail(ErrorCode::InvalidInput, "added token \"" + a.content + "\" has an invalid id", path);
  if (!in_range(c.bos) || !in_range(c.eos) || !in_range(c.unk) || !in_range(c.pad))
    return fail(ErrorCode::InvalidInput, "a special token id lies outside the vocabulary", path);
  for (const auto id : c.suffix)
    if (!in_range(id)) return fail(ErrorCode::InvalidInput, "a post-processor token id lies outside the vocabulary", path);
  for (const auto& step : c.pre_tokenizer)
    if ((step.kind == PreTokenizerStep::Split || (step.kind == PreTokenizerStep::ByteLevel && step.use_regex)) && !step.regex)
      return fail(ErrorCode::Internal, "pre-tokenizer step without a pattern", path);
  return std::make_shared<const BpeTokenizer>(std::move(c));
}

}  // namespace core::tokenize::detail
