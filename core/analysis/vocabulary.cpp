#include "core/analysis/vocabulary.h"

#include <cstdio>

namespace core::analysis {
namespace {

// A token's text as a C string literal would spell it: every control character, quote, backslash and
// byte that is not UTF-8 escaped, so two different strings never print the same ("\n<s>\n" vs "<s>").
std::string escaped(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    for (std::size_t k = 1; n > 1 && k < n; ++k)
      if (i + k >= s.size() || (static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) n = 0;
    if (n > 1) {
      out.append(s, i, n);
      i += n;
      continue;
    }
    switch (c) {
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\\': out += "\\\\"; break;
      case '"': out += "\\\""; break;
      default:
        if (c >= 0x20 && c < 0x7F) {
          out += char(c);
        } else {
          char buf[5];
          std::snprintf(buf, sizeof buf, "\\x%02X", c);
          out += buf;
        }
    }
    ++i;
  }
  return out;
}

// The role a special id plays: BOS, EOS, UNK or PAD; empty when it plays none.
std::string role_of(const tokenize::Tokenizer& tok, std::int32_t id) {
  if (tok.bos_id() == id) return "BOS";
  if (tok.eos_id() == id) return "EOS";
  if (tok.unk_id() == id) return "UNK";
  if (tok.pad_id() == id) return "PAD";
  return {};
}

std::string describe(const tokenize::Tokenizer& tok, std::int32_t id) {
  std::string s(1, '"');
  s.append(escaped(tok.piece(id))).append("\" (id ").append(std::to_string(id));
  if (const std::string role = role_of(tok, id); !role.empty()) s.append(", ").append(role);
  return s.append(")");
}

// Whether id means the same token in both: the same piece, the same special role (llama2.c spells
// BOS "\n<s>\n", Hugging Face "<s>"), or the same text spelled differently (" the" in llama2.c,
// "▁the" in tokenizer.json).
bool same_token(const tokenize::Tokenizer& a, const tokenize::Tokenizer& b, std::int32_t id) {
  if (a.piece(id) == b.piece(id)) return true;
  const std::string role = role_of(a, id);
  if (!role.empty()) return role == role_of(b, id);
  return role_of(b, id).empty() && a.token_text(id) == b.token_text(id);
}

}  // namespace

Result<std::int64_t> check_vocabulary(const model::Checkpoint& base, const model::Checkpoint& tuned,
                                      const territory::Territory& territory,
                                      const std::vector<std::vector<std::int32_t>>& base_tokens, Job& job) {
  const std::int64_t vb = base.model->config().vocab_size;
  const std::int64_t vt = tuned.model->config().vocab_size;
  if (vt < vb)
    return fail(ErrorCode::Mismatch,
                "tuned vocab " + std::to_string(vt) + " < base " + std::to_string(vb) +
                    ": a tuned map may only append tokens to the base vocabulary",
                tuned.info.path);
  const tokenize::Tokenizer& bt = *base.tokenizer;
  const tokenize::Tokenizer& tt = *tuned.tokenizer;
  // The shared ids must mean the same tokens.
  const std::int32_t shared = std::min(bt.vocab_size(), tt.vocab_size());
  for (std::int32_t id = 0; id < shared; ++id)
    if (!same_token(bt, tt, id))
      return fail(ErrorCode::Mismatch,
                  "tuned vocabulary differs from the base at id " + std::to_string(id) + ": base " + describe(bt, id) +
                      ", tuned " + describe(tt, id) + "; token-level comparison is impossible (bits per byte still compares)",
                  tuned.info.path);
  for (std::size_t d = 0; d < territory.documents.size(); ++d) {
    const auto ids = tt.encode(territory.documents[d].text);
    const auto& b = base_tokens[d];
    const std::size_t n = std::min(ids.size(), b.size());
    std::size_t i = 0;
    while (i < n && ids[i] == b[i]) ++i;
    if (i < n || ids.size() != b.size()) {
      const std::string bt_s = i < b.size() ? describe(bt, b[i]) : "end of document";
      const std::string tt_s = i < ids.size() ? describe(tt, ids[i]) : "end of document";
      return fail(ErrorCode::Mismatch,
                  "the tuned tokenizer splits document '" + territory.documents[d].name + "' differently at token " +
                      std::to_string(i) + ": base " + bt_s + ", tuned " + tt_s +
                      "; token-level comparison is impossible (bits per byte still compares)",
                  tuned.info.path);
    }
    if (job.cancelled()) return fail(ErrorCode::Cancelled, "cancelled");
  }
  return vt - vb;
}

}  // namespace core::analysis
