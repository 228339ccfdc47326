#include "core/store/detail/document_rows.h"

#include <functional>
#include <string_view>
#include <unordered_map>

#include "core/store/blob_codec.h"
#include "core/store/detail/access.h"
#include "core/store/detail/document_statistics.h"
#include "core/store/detail/json_codec.h"
#include "core/store/detail/sqlite.h"

namespace core::store::detail {

namespace {

using analysis::DocumentResult;

// A document's metadata as fields. Territories repeat a few metadata texts over many documents (a
// split, a source), so each distinct text is parsed once and its documents share the fields.
class MetadataParser {
 public:
  Result<analysis::MetadataFields> operator()(std::string_view text) {
    if (auto it = parsed_.find(text); it != parsed_.end()) return it->second;
    STORE_ASSIGN(fields, string_map_from_json(std::string(text)));
    analysis::MetadataFields shared(std::move(fields));
    if (parsed_.size() < kKept) parsed_.emplace(std::string(text), shared);
    return shared;
  }

 private:
  static constexpr std::size_t kKept = 4096;
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, analysis::MetadataFields, Hash, std::equal_to<>> parsed_;
};

// Steps `q`, whose rows come in ascending doc_index (column 0), beside `documents` (ascending index):
// `on_row(i)` gets the place of each row's document, or kNone when the run lacks it.
constexpr std::size_t kNone = std::size_t(-1);
template <class OnRow>
Result<void> walk_beside(Statement& q, const std::vector<DocumentResult>& documents, OnRow&& on_row) {
  std::size_t i = 0;
  while (true) {
    STORE_ASSIGN(row, q.step());
    if (!row) return {};
    const std::int64_t index = q.column_int64(0);
    while (i < documents.size() && documents[i].index < index) ++i;
    STORE_TRY(on_row(i < documents.size() && documents[i].index == index ? i : kNone));
  }
}

}  // namespace

Result<void> read_document_rows(Connection& c, const DocumentRowsQuery& query, std::vector<DocumentResult>& documents) {
  {
    // Counted first: growing the vector would move every document several times into fresh memory.
    STORE_ASSIGN(count, c.prepare("SELECT count(*) FROM run_documents WHERE run_id = ?"));
    count.bind(1, query.run_id);
    STORE_ASSIGN(stepped, count.step());
    if (stepped && count.column_int64(0) > 0) documents.reserve(std::size_t(count.column_int64(0)));
  }
  {
    STORE_ASSIGN(q, c.prepare("SELECT doc_index, token_count, tokens, stats FROM run_documents WHERE run_id = ? "
                              "ORDER BY doc_index"));
    q.bind(1, query.run_id);
    while (true) {
      STORE_ASSIGN(row, q.step());
      if (!row) break;
      DocumentResult& d = documents.emplace_back();
      d.index = q.column_int64(0);
      const auto at = [&] { return "run " + std::to_string(query.run_id) + ", document " + std::to_string(d.index); };
      const std::int64_t tokens = q.column_int64(1);
      const auto blob = q.column_blob(2);
      if (tokens < 0 || blob.size() != std::size_t(tokens) * sizeof(std::int32_t))
        return std::unexpected(corrupt(c, at() + ": tokens hold " + std::to_string(blob.size()) + " bytes for " +
                                              std::to_string(tokens) + " values"));
      unpack_le(blob, d.tokens);
      const auto stats = q.column_blob(3);
      if (!unpack_statistics(stats, query.maps, d.stats))
        return std::unexpected(corrupt(c, at() + ": statistics hold " + std::to_string(stats.size()) + " bytes for " +
                                              std::to_string(query.maps) + " maps"));
    }
  }
  std::vector<bool> in_territory(documents.size(), false);
  if (!documents.empty()) {
    const std::int64_t first = documents.front().index, last = documents.back().index;
    {
      STORE_ASSIGN(q, c.prepare("SELECT doc_index, name, byte_length, metadata_json FROM documents WHERE "
                                "territory_id = ? AND doc_index BETWEEN ? AND ? ORDER BY doc_index"));
      q.bind(1, query.territory_id).bind(2, first).bind(3, last);
      MetadataParser metadata;
      STORE_TRY(walk_beside(q, documents, [&](std::size_t i) -> Result<void> {
        if (i == kNone) return {};
        DocumentResult& d = documents[i];
        d.name = q.column_text_view(1);
        d.byte_length = q.column_int64(2);
        STORE_ASSIGN(fields, metadata(q.column_text_view(3)));
        d.metadata = std::move(fields);
        in_territory[i] = true;
        return {};
      }));
    }
    STORE_ASSIGN(q, c.prepare("SELECT doc_index, text FROM document_texts WHERE territory_id = ? AND doc_index "
                              "BETWEEN ? AND ? ORDER BY doc_index"));
    q.bind(1, query.territory_id).bind(2, first).bind(3, last);
    STORE_TRY(walk_beside(q, documents, [&](std::size_t i) -> Result<void> {
      if (i != kNone) documents[i].text = q.column_text_view(1);  // what annotations are anchored to (text_anchor.h)
      return {};
    }));
  }
  std::size_t kept = 0;
  for (std::size_t i = 0; i < documents.size(); ++i)
    if (in_territory[i]) {
      if (kept != i) documents[kept] = std::move(documents[i]);
      ++kept;
    }
  documents.resize(kept);
  return {};
}

}  // namespace core::store::detail
