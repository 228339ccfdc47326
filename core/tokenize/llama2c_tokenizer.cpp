#include "core/tokenize/llama2c_tokenizer.h"

#include <cmath>
#include <cstring>
#include <queue>
#include <unordered_map>
#include <vector>

#include "core/tokenize/text_util.h"

namespace core::tokenize {
namespace {

using detail::StringHash;

constexpr TokenId kBos = 1;  // run.c hard-codes BOS = 1, EOS = 2 and byte fallback = byte + 3
constexpr TokenId kEos = 2;
constexpr TokenId kByteOffset = 3;
constexpr std::size_t kMinEntries = 3 + 256;

// llama2.c's merge loop only takes a pair whose score beats its starting best of -1e10 (a float).
constexpr float kNoMerge = -1e10f;

// run.c merges, until none is left, the adjacent pair whose concatenated text is in the vocabulary
// with the highest score, the leftmost on ties; each round rescans the whole sequence (quadratic).
// This does the same with a doubly linked list and a max-heap of candidate pairs: a pair's heap
// entry records the versions of both nodes, and is dropped when either has changed since. Ordering
// by (score desc, left node's original index asc) is the leftmost-on-ties rule, because merged
// nodes keep their left node's index and so list order is index order.
class Llama2cTokenizer final : public Tokenizer {
 public:
  Llama2cTokenizer(std::vector<std::string> pieces, std::vector<float> scores)
      : pieces_(std::move(pieces)), scores_(std::move(scores)) {
    lookup_.reserve(pieces_.size());
    // Duplicates would make run.c's bsearch pick an arbitrary one; we keep the lowest id.
    for (std::size_t i = 0; i < pieces_.size(); ++i) lookup_.emplace(pieces_[i], TokenId(i));
    const auto space = lookup_.find(std::string_view(" "));
    space_id_ = space != lookup_.end() ? space->second : kByteOffset + ' ';
    build_pairs();
  }

  std::vector<TokenId> encode(std::string_view text, std::optional<bool> add_bos) const override {
    std::vector<TokenId> ids;
    ids.reserve(text.size() + 2);
    if (add_bos.value_or(true)) ids.push_back(kBos);
    if (!text.empty()) ids.push_back(space_id_);  // the dummy prefix, as run.c adds it
    // One token per UTF-8 character as run.c splits it: a byte plus up to three continuation bytes.
    for (std::size_t i = 0; i < text.size();) {
      std::size_t n = 1;
      while (i + n < text.size() && (static_cast<unsigned char>(text[i + n]) & 0xC0) == 0x80 && n < 4) ++n;
      const std::string_view unit = text.substr(i, n);
      const auto it = lookup_.find(unit);
      if (it != lookup_.end()) {
        ids.push_back(it->second);
      } else {
        for (const char c : unit) ids.push_back(kByteOffset + static_cast<unsigned char>(c));
      }
      i += n;
    }
    merge(ids);
    return ids;
  }

  std::string decode(std::span<const TokenId> ids) const override {
    std::string out;
    bool at_start = true;
    for (const TokenId id : ids) {
      if (id < 0 || id >= vocab_size()) continue;
      if (id == kBos) {
        at_start = true;
        continue;
      }
      if (id == kEos) continue;
      std::string_view piece = pieces_[id];
      if (at_start && !piece.empty() && piece.front() == ' ') piece.remove_prefix(1);
      at_start = false;
      if (const auto byte = detail::parse_byte_token(piece)) {
        out += static_cast<char>(*byte);
      } else {
        out += piece;
      }
    }
    return out;
  }

  std::string token_text(TokenId id) const override {
    if (id < 0 || id >= vocab_size()) return {};
    const std::string& p = pieces_[id];
    if (const auto byte = detail::parse_byte_token(p)) return detail::byte_display(*byte);
    if (id == kBos || id == kEos) {  // stored as "\n<s>\n": shown without the newlines
      const auto first = p.find_first_not_of('\n'), last = p.find_last_not_of('\n');
      return first == std::string::npos ? p : p.substr(first, last - first + 1);
    }
    return p;
  }

  std::optional<TokenId> unk_id() const override { return TokenId(0); }  // run.c's vocabulary starts <unk>, <s>, </s>

  std::string piece(TokenId id) const override {
    return id >= 0 && id < vocab_size() ? pieces_[id] : std::string();
  }
  std::int32_t vocab_size() const override { return static_cast<std::int32_t>(pieces_.size()); }
  std::optional<TokenId> bos_id() const override { return kBos; }
  std::optional<TokenId> eos_id() const override { return kEos; }
  bool adds_bos() const override { return true; }
  std::string kind() const override { return "llama2c"; }

 private:
  struct Node {
    TokenId id;
    std::int32_t prev, next;
    std::uint32_t version;
  };
  struct Candidate {
    float score;
    std::int32_t left, right;
    std::uint32_t left_version, right_version;
    TokenId merged;
    bool operator<(const Candidate& o) const {  // std::priority_queue pops the greatest
      if (score != o.score) return score < o.score;
      return left > o.left;
    }
  };

  // Every (a, b) whose concatenated text is a piece, found by cutting each piece in two, so that
  // encoding looks pairs up by id instead of building and hashing strings. An empty piece would
  // make a piece its own half; then encoding falls back to run.c's string lookup.
  void build_pairs() {
    std::unordered_map<std::string_view, std::vector<TokenId>> ids_of;
    for (std::size_t i = 0; i < pieces_.size(); ++i) {
      if (pieces_[i].empty()) return;
      ids_of[pieces_[i]].push_back(TokenId(i));
    }
    for (const auto& [text, merged] : lookup_) {
      if (!(scores_[merged] > kNoMerge)) continue;  // NaN and <= -1e10 never win in run.c
      for (std::size_t k = 1; k < text.size(); ++k) {
        const auto left = ids_of.find(std::string_view(text).substr(0, k));
        const auto right = ids_of.find(std::string_view(text).substr(k));
        if (left == ids_of.end() || right == ids_of.end()) continue;
        for (const TokenId a : left->second)
          for (const TokenId b : right->second) pairs_.emplace(pair_key(a, b), merged);
      }
    }
    use_pairs_ = true;
  }

  static std::uint64_t pair_key(TokenId a, TokenId b) {
    return (std::uint64_t(std::uint32_t(a)) << 32) | std::uint32_t(b);
  }

  // The merged id of (a, b) when run.c would consider that pair, or -1.
  TokenId pair_id(TokenId a, TokenId b, std::string& buffer) const {
    if (use_pairs_) {
      const auto it = pairs_.find(pair_key(a, b));
      return it == pairs_.end() ? -1 : it->second;
    }
    buffer.assign(pieces_[a]);
    buffer += pieces_[b];
    const auto it = lookup_.find(std::string_view(buffer));
    if (it == lookup_.end()) return -1;
    return scores_[it->second] > kNoMerge ? it->second : -1;  // NaN and <= -1e10 never win in run.c
  }

  void merge(std::vector<TokenId>& ids) const {
    const auto n = static_cast<std::int32_t>(ids.size());
    if (n < 2) return;
    std::vector<Node> nodes(ids.size());
    for (std::int32_t i = 0; i < n; ++i) nodes[i] = {ids[i], i - 1, i + 1 < n ? i + 1 : -1, 0};
    std::string buffer;
    std::vector<Candidate> initial;
    initial.reserve(ids.size());
    for (std::int32_t i = 0; i + 1 < n; ++i) {
      const TokenId m = pair_id(nodes[i].id, nodes[i + 1].id, buffer);
      if (m >= 0) initial.push_back({scores_[m], i, i + 1, 0, 0, m});
    }
    std::priority_queue<Candidate> heap(std::less<Candidate>(), std::move(initial));  // heapify: linear
    const auto consider = [&](std::int32_t l, std::int32_t r) {
      const TokenId m = pair_id(nodes[l].id, nodes[r].id, buffer);
      if (m >= 0) heap.push({scores_[m], l, r, nodes[l].version, nodes[r].version, m});
    };
    while (!heap.empty()) {
      const Candidate c = heap.top();
      heap.pop();
      Node& left = nodes[c.left];
      Node& right = nodes[c.right];
      if (left.version != c.left_version || right.version != c.right_version || left.next != c.right)
        continue;  // stale: one side was merged away or into something else
      left.id = c.merged;
      ++left.version;
      right.version = ~0u;  // dead: no candidate can match it again
      left.next = right.next;
      if (right.next >= 0) nodes[right.next].prev = c.left;
      if (left.prev >= 0) consider(left.prev, c.left);
      if (left.next >= 0) consider(c.left, left.next);
    }
    ids.clear();
    for (std::int32_t i = 0; i >= 0; i = nodes[i].next) ids.push_back(nodes[i].id);
  }

  std::vector<std::string> pieces_;
  std::vector<float> scores_;
  std::unordered_map<std::string, TokenId, StringHash, std::equal_to<>> lookup_;
  TokenId space_id_ = kByteOffset + ' ';
  std::unordered_map<std::uint64_t, TokenId> pairs_;
  bool use_pairs_ = false;
};

std::int32_t read_i32(std::string_view bytes, std::size_t offset) {
  std::int32_t v;
  std::memcpy(&v, bytes.data() + offset, 4);
  return v;
}

}  // namespace

Result<Llama2cVocab> read_llama2c_vocab(std::string_view bytes, const std::string& path) {
  if (bytes.size() < 4)
    return fail(ErrorCode::InvalidInput,
                "not a llama2.c tokenizer: " + std::to_string(bytes.size()) +
                    " bytes, too short for the max_token_length header",
                path);
  const std::int32_t max_len = read_i32(bytes, 0);
  if (max_len <= 0 || static_cast<std::size_t>(max_len) > bytes.size())
    return fail(ErrorCode::InvalidInput,
                "not a llama2.c tokenizer: max_token_length is " + std::to_string(max_len) +
                    " (must be positive and fit in the file)",
                path);
  // First pass: check every entry and count them, allocating nothing.
  std::size_t count = 0;
  for (std::size_t off = 4; off < bytes.size(); ++count) {
    const std::size_t left = bytes.size() - off;
    if (left < 8)
      return fail(ErrorCode::InvalidInput,
                  "truncated llama2.c tokenizer: entry " + std::to_string(count) + " at byte " +
                      std::to_string(off) + " has " + std::to_string(left) +
                      " bytes, fewer than its 8-byte score and length",
                  path);
    const std::int32_t len = read_i32(bytes, off + 4);
    if (len < 0)
      return fail(ErrorCode::InvalidInput,
                  "corrupt llama2.c tokenizer: entry " + std::to_string(count) + " has negative length " +
                      std::to_string(len),
                  path);
    if (static_cast<std::size_t>(len) > left - 8)
      return fail(ErrorCode::InvalidInput,
                  "truncated llama2.c tokenizer: entry " + std::to_string(count) + " claims " +
                      std::to_string(len) + " bytes but only " + std::to_string(left - 8) + " remain",
                  path);
    if (len > max_len)
      return fail(ErrorCode::InvalidInput,
                  "corrupt llama2.c tokenizer: entry " + std::to_string(count) + " is " +
                      std::to_string(len) + " bytes, longer than the header's max_token_length " +
                      std::to_string(max_len),
                  path);
    off += 8 + static_cast<std::size_t>(len);
  }
  if (count < kMinEntries)
    return fail(ErrorCode::InvalidInput,
                "llama2.c tokenizer has " + std::to_string(count) +
                    " entries; it needs at least 259 (<unk>, <s>, </s> and the 256 byte tokens)",
                path);
  Llama2cVocab v;
  v.pieces.reserve(count);
  v.scores.reserve(count);
  for (std::size_t off = 4; off < bytes.size();) {
    float score;
    std::memcpy(&score, bytes.data() + off, 4);
    const auto len = static_cast<std::size_t>(read_i32(bytes, off + 4));
    v.scores.push_back(score);
    v.pieces.emplace_back(bytes.substr(off + 8, len));
    off += 8 + len;
  }
  return v;
}

Result<std::shared_ptr<const Tokenizer>> parse_llama2c_tokenizer(std::string_view bytes, const std::string& path) {
  auto v = read_llama2c_vocab(bytes, path);
  if (!v) return std::unexpected(v.error());
  return std::make_shared<const Llama2cTokenizer>(std::move(v->pieces), std::move(v->scores));
}

Result<std::shared_ptr<const Tokenizer>> make_llama2c_tokenizer(std::vector<std::string> pieces,
                                                                std::vector<float> scores, const std::string& path) {
  if (pieces.size() != scores.size())
    return fail(ErrorCode::InvalidInput,
                std::to_string(pieces.size()) + " tokens but " + std::to_string(scores.size()) + " scores", path);
  if (pieces.size() < kMinEntries)
    return fail(ErrorCode::InvalidInput,
                "the vocabulary has " + std::to_string(pieces.size()) +
                    " tokens; it needs at least 259 (<unk>, <s>, </s> and the 256 byte tokens)",
                path);
  for (int b = 0; b < 256; ++b) {
    const auto byte = detail::parse_byte_token(pieces[std::size_t(kByteOffset + b)]);
    if (!byte || *byte != b)
      return fail(ErrorCode::Unsupported,
                  "token " + std::to_string(kByteOffset + b) + " is not the byte token of " + std::to_string(b) +
                      ": this encoder needs the byte tokens at ids 3..258 (Llama 2's layout)",
                  path);
  }
  return std::make_shared<const Llama2cTokenizer>(std::move(pieces), std::move(scores));
}

Result<std::shared_ptr<const Tokenizer>> load_llama2c_tokenizer(const std::filesystem::path& path) {
  auto bytes = detail::read_file_bytes(path, std::uintmax_t(256) << 20);
  if (!bytes) return std::unexpected(bytes.error());
  return parse_llama2c_tokenizer(*bytes, path.string());
}

}  // namespace core::tokenize
