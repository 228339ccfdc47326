#include "core/store/detail/document_writes.h"

#include <cstring>
#include <unordered_set>

#include "core/store/blob_codec.h"
#include "core/store/detail/document_statistics.h"
#include "core/store/detail/part_rows.h"
#include "core/store/detail/sqlite.h"
#include "core/store/detail/streamed_track.h"

namespace core::store::detail {

using analysis::DocumentResult;
using analysis::MapTrack;

namespace {

std::string where(std::int64_t doc, std::size_t map) {
  return "document " + std::to_string(doc) + ", map " + std::to_string(map);
}

Result<void> check_size(const std::string& at, const char* array, std::size_t have, std::size_t want,
                        bool optional, const std::string& path) {
  if (have == want || (optional && have == 0)) return {};
  return fail(ErrorCode::InvalidInput,
              at + ": " + array + " has " + std::to_string(have) + " values for " + std::to_string(want) +
                  (optional ? " (it must be empty or full)" : ""),
              path);
}

Result<void> validate(const DocumentResult& d, int maps, std::int64_t documents_total, const std::string& path) {
  const std::string doc = "document " + std::to_string(d.index);
  if (d.index < 0 || d.index >= documents_total)
    return fail(ErrorCode::InvalidInput,
                doc + " is not in the run's territory of " + std::to_string(documents_total) + " documents",
                path);
  if (d.stats.size() != std::size_t(maps) || d.maps.size() != std::size_t(maps))
    return fail(ErrorCode::InvalidInput,
                doc + " has " + std::to_string(d.stats.size()) + " statistics and " +
                    std::to_string(d.maps.size()) + " tracks for a run of " + std::to_string(maps) + " maps",
                path);
  const std::size_t scored = d.scored();
  // A streamed document's tracks hold its positions from tracks_from on (the rest are its parts).
  if (d.tracks_from < 0 || std::size_t(d.tracks_from) > scored)
    return fail(ErrorCode::InvalidInput,
                doc + ": its tracks start at position " + std::to_string(d.tracks_from) + " of " +
                    std::to_string(scored),
                path);
  const std::size_t held = scored - std::size_t(d.tracks_from);
  for (std::size_t m = 0; m < d.maps.size(); ++m) {
    const MapTrack& t = d.maps[m];
    const std::string at = where(d.index, m);
    const std::size_t n = t.size();
    if (n != held && (n != 0 || d.tracks_from > 0))
      return fail(ErrorCode::InvalidInput,
                  at + ": the track has " + std::to_string(n) + " positions but the document has " +
                      std::to_string(held) + " scored tokens" +
                      (d.tracks_from > 0 ? " after position " + std::to_string(d.tracks_from) : std::string()),
                  path);
    STORE_TRY(check_size(at, "entropy", t.entropy.size(), n, false, path));
    STORE_TRY(check_size(at, "rank", t.rank.size(), n, false, path));
    STORE_TRY(check_size(at, "confidence", t.confidence.size(), n, false, path));
    STORE_TRY(check_size(at, "sum_p2", t.sum_p2.size(), n, false, path));
    STORE_TRY(check_size(at, "kl_bt", t.kl_bt.size(), n, true, path));
    STORE_TRY(check_size(at, "kl_tb", t.kl_tb.size(), n, true, path));
    STORE_TRY(check_size(at, "js", t.js.size(), n, true, path));
    STORE_TRY(check_size(at, "kl_tz", t.kl_tz.size(), n, true, path));
    STORE_TRY(check_size(at, "added_mass", t.added_mass.size(), n, true, path));
    if (t.top_k < 0) return fail(ErrorCode::InvalidInput, at + ": top_k is negative", path);
    STORE_TRY(check_size(at, "top_ids", t.top_ids.size(), n * std::size_t(t.top_k), false, path));
    STORE_TRY(check_size(at, "top_p", t.top_p.size(), n * std::size_t(t.top_k), false, path));
  }
  const std::size_t samples = d.sample_positions.size();
  if (samples == 0 ? !d.samples.empty() : d.samples.size() % samples != 0)
    return fail(ErrorCode::InvalidInput,
                doc + ": " + std::to_string(d.samples.size()) + " sample values are not a whole number of " +
                    std::to_string(samples) + " rows",
                path);
  for (std::int32_t p : d.sample_positions)
    if (p < 0 || std::size_t(p) >= scored)
      return fail(ErrorCode::InvalidInput, doc + ": sample position " + std::to_string(p) + " is not scored",
                  path);
  return {};
}

// Binds a per-position array: NULL when empty.
template <class T>
void bind_array(Statement& q, int index, const std::vector<T>& values, std::vector<std::byte>& scratch) {
  q.bind_blob(index, le_bytes(std::span<const T>(values), scratch));
}

}  // namespace

// Each document valid for a run of `maps` maps over `documents_total` documents, none twice.
Result<void> validate_batch(std::span<const DocumentResult> documents, int maps, std::int64_t documents_total,
                            const std::string& path) {
  std::unordered_set<std::int64_t> seen;
  for (const DocumentResult& d : documents) {
    STORE_TRY(validate(d, maps, documents_total, path));
    if (!seen.insert(d.index).second)
      return fail(ErrorCode::InvalidInput, "document " + std::to_string(d.index) + " appears twice in one batch",
                  path);
  }
  return {};
}

namespace {

// Removes what an earlier commit wrote for the document (a resumed batch that had in fact committed);
// true when there was such a document.
Result<bool> clear_document(Connection& c, std::int64_t run_id, std::int64_t doc) {
  bool existed = false;
  {
    STORE_ASSIGN(q, c.prepare("DELETE FROM run_documents WHERE run_id = ? AND doc_index = ?"));
    q.bind(1, run_id).bind(2, doc);
    STORE_TRY(q.run());
    existed = c.changes() > 0;
  }
  if (!existed) return false;
  for (const char* sql : {"DELETE FROM run_samples WHERE run_id = ? AND doc_index = ?",
                          "DELETE FROM tracks WHERE run_id = ? AND doc_index = ?"}) {
    STORE_ASSIGN(q, c.prepare(sql));
    q.bind(1, run_id).bind(2, doc);
    STORE_TRY(q.run());
  }
  return true;
}

Result<void> insert_document_row(Connection& c, std::int64_t run_id, const DocumentResult& d, std::int64_t now,
                                 BlobScratch& scratch) {
  STORE_ASSIGN(q, c.prepare("INSERT INTO run_documents (run_id, doc_index, token_count, committed_ms, "
                            "tokens, stats) VALUES (?, ?, ?, ?, ?, ?)"));
  q.bind(1, run_id).bind(2, d.index).bind(3, d.tokens.size()).bind(4, now);
  bind_array(q, 5, d.tokens, scratch.le);
  pack_statistics(d.stats, scratch.stats);
  q.bind_blob(6, scratch.stats);
  return q.run();
}

// The document's projection samples, when it has any.
Result<void> insert_samples(Connection& c, std::int64_t run_id, const DocumentResult& d, BlobScratch& scratch) {
  if (d.sample_positions.empty()) return {};
  STORE_ASSIGN(q, c.prepare("INSERT INTO run_samples (run_id, doc_index, sample_count, hidden_dim, "
                            "positions, samples) VALUES (?, ?, ?, ?, ?, ?)"));
  const std::size_t rows = d.sample_positions.size();
  pack_half(d.samples, scratch.half);
  q.bind(1, run_id).bind(2, d.index).bind(3, rows).bind(4, d.samples.size() / rows);
  bind_array(q, 5, d.sample_positions, scratch.le);
  q.bind_blob(6, scratch.half);
  return q.run();
}

Result<void> insert_track(Connection& c, std::int64_t run_id, std::int64_t doc, std::size_t m, const MapTrack& t,
                          std::vector<std::byte>& half) {
  STORE_ASSIGN(q, c.prepare("INSERT INTO tracks (run_id, doc_index, map_index, positions, top_k, "
                            "temperature_stats, logp, entropy, rank, confidence, sum_p2, kl_bt, kl_tb, "
                            "js, kl_tz, added_mass, top_ids, top_p) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  q.bind(1, run_id).bind(2, doc).bind(3, m).bind(4, t.size()).bind(5, t.top_k);
  // Blobs are bound without copying, so each needs its own scratch on big-endian hosts; on
  // little-endian hosts the scratch buffers stay empty.
  std::vector<std::byte> scratch[12];
  q.bind_blob(6, le_bytes(std::span<const double>(t.temperature_stats), scratch[0]));
  bind_array(q, 7, t.logp, scratch[1]);
  bind_array(q, 8, t.entropy, scratch[2]);
  bind_array(q, 9, t.rank, scratch[3]);
  bind_array(q, 10, t.confidence, scratch[4]);
  bind_array(q, 11, t.sum_p2, scratch[5]);
  bind_array(q, 12, t.kl_bt, scratch[6]);
  bind_array(q, 13, t.kl_tb, scratch[7]);
  bind_array(q, 14, t.js, scratch[8]);
  bind_array(q, 15, t.kl_tz, scratch[9]);
  bind_array(q, 16, t.added_mass, scratch[10]);
  bind_array(q, 17, t.top_ids, scratch[11]);
  pack_half(t.top_p, half);
  q.bind_blob(18, half);
  return q.run();
}

// One row of per-position arrays for each of the document's maps (a streamed one's joined with its parts).
Result<void> insert_tracks(Connection& c, std::int64_t run_id, const DocumentResult& d, BlobScratch& scratch) {
  for (std::size_t m = 0; m < d.maps.size(); ++m)
    if (d.tracks_from > 0) STORE_TRY(insert_streamed_track(c, run_id, d, m));
    else STORE_TRY(insert_track(c, run_id, d.index, m, d.maps[m], scratch.half));
  return {};
}

}  // namespace

Result<bool> write_document(Connection& c, std::int64_t run_id, const DocumentResult& d, std::int64_t now,
                            BlobScratch& scratch) {
  STORE_ASSIGN(existed, clear_document(c, run_id, d.index));
  STORE_TRY(insert_document_row(c, run_id, d, now, scratch));
  STORE_TRY(insert_samples(c, run_id, d, scratch));
  STORE_TRY(insert_tracks(c, run_id, d, scratch));
  STORE_TRY(delete_parts(c, run_id, d.index));  // the parts it was committed in while being scored
  return existed;
}

// Re-committed documents were counted the first time; only `added` ones are new.
Result<void> count_documents_done(Connection& c, std::int64_t run_id, std::int64_t added) {
  STORE_ASSIGN(q, c.prepare("UPDATE runs SET documents_done = documents_done + ? WHERE id = ?"));
  q.bind(1, added).bind(2, run_id);
  return q.run();
}

}  // namespace core::store::detail
