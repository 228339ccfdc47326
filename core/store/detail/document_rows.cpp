#include "core/store/detail/document_rows.h"

#include <functional>
#include <limits>
#include <span>
#include <string_view>
#include <thread>
#include <unordered_map>

#include "core/store/blob_codec.h"
#include "core/store/detail/access.h"
#include "core/store/detail/document_statistics.h"
#include "core/store/detail/json_codec.h"
#include "core/store/detail/sqlite.h"
#include "core/store/session_file.h"

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
Result<void> walk_beside(Statement& q, std::span<const DocumentResult> documents, OnRow&& on_row) {
  std::size_t i = 0;
  while (true) {
    STORE_ASSIGN(row, q.step());
    if (!row) return {};
    const std::int64_t index = q.column_int64(0);
    while (i < documents.size() && documents[i].index < index) ++i;
    STORE_TRY(on_row(i < documents.size() && documents[i].index == index ? i : kNone));
  }
}

constexpr std::int64_t kLowest = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t kHighest = std::numeric_limits<std::int64_t>::max();

// The run's documents whose index lies in [lo, hi), read into `out` (room for each of them, counted in
// the same snapshot): returns how many. `in_territory[i]` is set for each document the territory holds.
Result<std::size_t> read_slice(Connection& c, const DocumentRowsQuery& query, std::int64_t lo, std::int64_t hi,
                               std::span<DocumentResult> out, std::span<char> in_territory) {
  std::size_t n = 0;
  {
    STORE_ASSIGN(q, c.prepare("SELECT doc_index, token_count, tokens, stats FROM run_documents WHERE run_id = ? "
                              "AND doc_index >= ? AND doc_index < ? ORDER BY doc_index"));
    q.bind(1, query.run_id).bind(2, lo).bind(3, hi);
    while (true) {
      STORE_ASSIGN(row, q.step());
      if (!row) break;
      if (n == out.size()) return std::unexpected(corrupt(c, "run_documents holds more rows than it counts"));
      DocumentResult& d = out[n++];
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
  if (n == 0) return n;
  const std::span<DocumentResult> read = out.first(n);
  const std::int64_t first = read.front().index, last = read.back().index;
  {
    STORE_ASSIGN(q, c.prepare("SELECT doc_index, name, byte_length, metadata_json FROM documents WHERE "
                              "territory_id = ? AND doc_index BETWEEN ? AND ? ORDER BY doc_index"));
    q.bind(1, query.territory_id).bind(2, first).bind(3, last);
    MetadataParser metadata;
    STORE_TRY(walk_beside(q, read, [&](std::size_t i) -> Result<void> {
      if (i == kNone) return {};
      DocumentResult& d = read[i];
      d.name = q.column_text_view(1);
      d.byte_length = q.column_int64(2);
      STORE_ASSIGN(fields, metadata(q.column_text_view(3)));
      d.metadata = std::move(fields);
      in_territory[i] = 1;
      return {};
    }));
  }
  STORE_ASSIGN(q, c.prepare("SELECT doc_index, text FROM document_texts WHERE territory_id = ? AND doc_index "
                            "BETWEEN ? AND ? ORDER BY doc_index"));
  q.bind(1, query.territory_id).bind(2, first).bind(3, last);
  STORE_TRY(walk_beside(q, read, [&](std::size_t i) -> Result<void> {
    if (i != kNone) read[i].text = q.column_text_view(1);  // what annotations are anchored to (text_anchor.h)
    return {};
  }));
  return n;
}

// The second half of a finished run's documents on a connection of its own. Stale when its snapshot
// shows another row of the run than the first connection saw, or the file does not open a second time
// (moved or replaced since): the first connection reads them itself.
struct SecondHalf {
  std::int64_t from = kHighest;  // the first index of the half
  std::size_t place = 0;         // its first document's place among the run's
  bool stale = true;
  Result<std::size_t> read = std::size_t(0);
};

void read_second_half(const DocumentRowsQuery& query, const std::string& finished, std::span<DocumentResult> out,
                      std::span<char> in_territory, SecondHalf& half) {
  auto file = SessionFile::open(query.session, OpenMode::ReadOnly);
  if (!file) return;
  Connection& c = connection(*file);
  ReadSnapshot snapshot(c);
  auto row = finished_row(c, query.run_id);
  if (!row || *row != finished) return;
  half.stale = false;
  half.read = read_slice(c, query, half.from, kHighest, out, in_territory);
}

}  // namespace

Result<std::string> finished_row(Connection& c, std::int64_t run_id) {
  STORE_ASSIGN(q, c.prepare("SELECT status, finished_ms FROM runs WHERE id = ?"));
  q.bind(1, run_id);
  STORE_ASSIGN(row, q.step());
  if (!row) return std::string();
  const std::string status = q.column_text(0);
  if (status == "running") return std::string();
  return status + ":" + std::to_string(q.column_int64(1));
}

Result<DocumentsRead> read_document_rows(Connection& c, const DocumentRowsQuery& query,
                                         std::vector<DocumentResult>& documents) {
  std::size_t total = 0;
  {
    // Counted first: each document is made in its place, once.
    STORE_ASSIGN(count, c.prepare("SELECT count(*) FROM run_documents WHERE run_id = ?"));
    count.bind(1, query.run_id);
    STORE_ASSIGN(stepped, count.step());
    if (stepped && count.column_int64(0) > 0) total = std::size_t(count.column_int64(0));
  }
  documents.resize(total);
  std::vector<char> in_territory(total, 0);
  const std::span<DocumentResult> all(documents);
  const std::span<char> held(in_territory);

  // A finished run large enough is read in two halves by index, the second on a second connection.
  SecondHalf second;
  std::string finished;
  if (total >= query.parallel_from && total >= 2 && !query.session.empty()) {
    STORE_ASSIGN(row, finished_row(c, query.run_id));
    finished = std::move(row);
  }
  if (!finished.empty()) {
    STORE_ASSIGN(q, c.prepare("SELECT doc_index FROM run_documents WHERE run_id = ? ORDER BY doc_index LIMIT 1 "
                              "OFFSET ?"));
    q.bind(1, query.run_id).bind(2, total / 2);
    STORE_ASSIGN(stepped, q.step());
    if (stepped) {
      second.from = q.column_int64(0);
      second.place = total / 2;
    }
  }
  std::jthread follower;
  if (second.from != kHighest)
    follower = std::jthread([&] {
      try {
        read_second_half(query, finished, all.subspan(second.place), held.subspan(second.place), second);
      } catch (const std::exception& e) {
        second.stale = false;
        second.read = fail(ErrorCode::Internal, std::string("reading the documents: ") + e.what(), query.session.string());
      }
    });
  const std::size_t first_half = second.from == kHighest ? total : second.place;
  STORE_ASSIGN(first_count, read_slice(c, query, kLowest, second.from, all.first(first_half), held.first(first_half)));
  if (follower.joinable()) follower.join();
  std::size_t second_count = 0;
  if (second.from != kHighest) {
    if (second.stale) {
      STORE_ASSIGN(read, read_slice(c, query, second.from, kHighest, all.subspan(second.place), held.subspan(second.place)));
      second_count = read;
    } else {
      if (!second.read) return std::unexpected(std::move(second.read.error()));
      second_count = *second.read;
    }
  }
  // Keep the documents read that the territory holds, in order.
  std::size_t kept = 0;
  const auto keep = [&](std::size_t from, std::size_t count) {
    for (std::size_t i = from; i < from + count; ++i)
      if (in_territory[i]) {
        if (kept != i) documents[kept] = std::move(documents[i]);
        ++kept;
      }
  };
  keep(0, first_count);
  if (second.from != kHighest) keep(second.place, second_count);
  documents.resize(kept);
  return second.from == kHighest ? DocumentsRead::OneConnection
         : second.stale          ? DocumentsRead::OneConnectionAfterAll
                                 : DocumentsRead::TwoConnections;
}

}  // namespace core::store::detail
