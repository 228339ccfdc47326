#include "core/analysis/vocabulary.h"

namespace core::analysis {
namespace {

std::string describe(const tokenize::Tokenizer& tok, std::int32_t id) {
  // Appended piece by piece: GCC 12 warns falsely (-Wstringop-overflow) on `"'" + std::string`.
  std::string s(1, '\'');
  s.append(tok.token_text(id)).append("' (id ").append(std::to_string(id)).append(")");
  return s;
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
  // The shared ids must mean the same strings.
  const std::int32_t shared = std::min(bt.vocab_size(), tt.vocab_size());
  for (std::int32_t id = 0; id < shared; ++id)
    if (bt.piece(id) != tt.piece(id))
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
