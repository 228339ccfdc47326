#include "core/store/detail/document_rows.h"

#include <atomic>
#include <functional>
#include <limits>
#include <string_view>
#include <thread>
#include <unordered_map>

#include "core/store/blob_codec.h"
#include "core/store/detail/access.h"
#include "core/store/detail/json_codec.h"
#include "core/store/detail/sqlite.h"
#include "core/store/session_file.h"

namespace core::store::detail {

namespace {

using analysis::DocumentResult;

Error stray_statistics(const Connection& c, std::int64_t run_id) {
  return corrupt(c, "statistics of run " + std::to_string(run_id) + " refer to a document or map it does not have");
}

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

constexpr const char* kStatisticsQuery =
    "SELECT doc_index, map_index, tokens, nll_mean, entropy_mean, top1_accuracy, kl_bt_mean, kl_tb_mean, js_mean, "
    "kl_max, bits_per_byte FROM document_stats WHERE run_id = ? ORDER BY doc_index, map_index";

void read_statistics_row(const Statement& q, analysis::DocumentStats& s) {
  s.tokens = q.column_int64(2);
  s.nll_mean = q.column_double(3);
  s.entropy_mean = q.column_double(4);
  s.top1_accuracy = q.column_double(5);
  s.kl_bt_mean = q.column_double(6);
  s.kl_tb_mean = q.column_double(7);
  s.js_mean = q.column_double(8);
  s.kl_max = q.column_double(9);
  s.bits_per_byte = q.column_double(10);
}

// Each document's per-map statistics, on this connection, after the documents are read.
Result<void> read_statistics(Connection& c, std::int64_t run_id, std::size_t maps,
                             std::vector<DocumentResult>& documents) {
  STORE_ASSIGN(q, c.prepare(kStatisticsQuery));
  q.bind(1, run_id);
  return walk_beside(q, documents, [&](std::size_t i) -> Result<void> {
    const std::int64_t m = q.column_int64(1);
    if (i == kNone || m < 0 || std::size_t(m) >= maps) return std::unexpected(stray_statistics(c, run_id));
    read_statistics_row(q, documents[i].stats[std::size_t(m)]);
    return {};
  });
}

// The documents the reading connection has made so far, for the statistics' connection to follow.
// The vector's storage never moves while both read (it is reserved for every row counted). The
// statistics' connection makes each document's `stats` (an allocation a document, and the memory it
// touches, off the reading connection's path); the reading one touches them no more once published.
struct Published {
  DocumentResult* documents = nullptr;
  std::atomic<std::size_t> count{0};
  std::atomic<bool> listed{false};  // `count` is final: every document is made, or the reading stopped
};

// Statistics on a connection of their own, following `published` document by document. Stale when this
// connection's snapshot sees another row of the run than the reading connection did, or the file does
// not open a second time (moved or replaced since): the reading connection reads them itself.
enum class Follow { Read, Stale };
Result<Follow> follow_statistics(const DocumentRowsQuery& query, const std::string& finished, Published& published) {
  auto file = SessionFile::open(query.session, OpenMode::ReadOnly);
  if (!file) return Follow::Stale;
  Connection& c = connection(*file);
  ReadSnapshot snapshot(c);
  STORE_ASSIGN(row, finished_row(c, query.run_id));
  if (row != finished) return Follow::Stale;
  STORE_ASSIGN(q, c.prepare(kStatisticsQuery));
  q.bind(1, query.run_id);
  std::size_t i = 0;
  const auto wait_for = [&](std::int64_t index) {  // the place of the first document not before `index`
    while (true) {
      // Read `listed` first: once it is set, `count` is final.
      const bool listed = published.listed.load(std::memory_order_acquire);
      const std::size_t count = published.count.load(std::memory_order_acquire);
      while (i < count && published.documents[i].index < index) ++i;
      if (i < count || listed) return count;
      std::this_thread::yield();  // ahead of the documents: wait for the next
    }
  };
  while (true) {
    STORE_ASSIGN(stepped, q.step());
    if (!stepped) break;
    const std::int64_t index = q.column_int64(0), m = q.column_int64(1);
    const std::size_t count = wait_for(index);
    if (i == count || published.documents[i].index != index || m < 0 || std::size_t(m) >= query.maps)
      return std::unexpected(stray_statistics(c, query.run_id));
    auto& stats = published.documents[i].stats;
    if (stats.empty()) stats.resize(query.maps);
    read_statistics_row(q, stats[std::size_t(m)]);
  }
  // Documents without statistics rows get empty ones, as on one connection.
  const std::size_t count = wait_for(std::numeric_limits<std::int64_t>::max());
  for (std::size_t d = 0; d < count; ++d)
    if (published.documents[d].stats.empty()) published.documents[d].stats.resize(query.maps);
  return Follow::Read;
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

Result<StatisticsRead> read_document_rows(Connection& c, const DocumentRowsQuery& query,
                                          std::vector<DocumentResult>& documents) {
  std::size_t counted = 0;
  {
    // Counted first: growing the vector would move every document several times into fresh memory,
    // and the statistics' connection reads it while it fills.
    STORE_ASSIGN(count, c.prepare("SELECT count(*) FROM run_documents WHERE run_id = ?"));
    count.bind(1, query.run_id);
    STORE_ASSIGN(stepped, count.step());
    if (stepped && count.column_int64(0) > 0) counted = std::size_t(count.column_int64(0));
  }
  documents.reserve(counted);
  // The run's row as this snapshot sees it (empty while the run may still change), asked only of a run
  // large enough to read on two connections.
  std::string finished;
  if (counted >= query.parallel_from && counted > 0 && !query.session.empty()) {
    STORE_ASSIGN(row, finished_row(c, query.run_id));
    finished = std::move(row);
  }
  Published published;
  published.documents = documents.data();
  Result<Follow> followed = Follow::Stale;
  std::jthread follower;
  if (!finished.empty())
    follower = std::jthread([&] {
      try {
        followed = follow_statistics(query, finished, published);
      } catch (const std::exception& e) {
        followed = fail(ErrorCode::Internal, std::string("reading the statistics: ") + e.what(), query.session.string());
      }
    });
  // Declared after the thread, so it lets the follower finish before the thread is joined on any return.
  struct Finish {
    Published& p;
    ~Finish() { p.listed.store(true, std::memory_order_release); }
  } finish{published};

  {
    STORE_ASSIGN(q, c.prepare("SELECT doc_index, token_count, tokens FROM run_documents WHERE run_id = ? "
                              "ORDER BY doc_index"));
    q.bind(1, query.run_id);
    while (true) {
      STORE_ASSIGN(row, q.step());
      if (!row) break;
      if (documents.size() == counted) return std::unexpected(corrupt(c, "run_documents holds more rows than it counts"));
      DocumentResult& d = documents.emplace_back();
      d.index = q.column_int64(0);
      const std::int64_t tokens = q.column_int64(1);
      const auto blob = q.column_blob(2);
      if (tokens < 0 || blob.size() != std::size_t(tokens) * sizeof(std::int32_t))
        return std::unexpected(corrupt(c, "run " + std::to_string(query.run_id) + ", document " +
                                              std::to_string(d.index) + ": tokens hold " +
                                              std::to_string(blob.size()) + " bytes for " +
                                              std::to_string(tokens) + " values"));
      unpack_le(blob, d.tokens);
      if (!follower.joinable()) d.stats.resize(query.maps);
      published.count.store(documents.size(), std::memory_order_release);
    }
    published.listed.store(true, std::memory_order_release);
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
  if (follower.joinable()) follower.join();
  if (!followed) return std::unexpected(std::move(followed.error()));
  const Follow follow = *followed;
  if (follow == Follow::Stale) {
    for (DocumentResult& d : documents) d.stats.resize(query.maps);
    STORE_TRY(read_statistics(c, query.run_id, query.maps, documents));
  }
  std::size_t kept = 0;
  for (std::size_t i = 0; i < documents.size(); ++i)
    if (in_territory[i]) {
      if (kept != i) documents[kept] = std::move(documents[i]);
      ++kept;
    }
  documents.resize(kept);
  return follow == Follow::Read ? StatisticsRead::Beside : StatisticsRead::After;
}

}  // namespace core::store::detail
