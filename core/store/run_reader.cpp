#include "core/store/run_reader.h"

#include <cmath>
#include <cstring>
#include <map>
#include <optional>
#include <unordered_map>

#include "core/store/blob_codec.h"
#include "core/store/detail/access.h"
#include "core/store/detail/catalog_ops.h"
#include "core/store/detail/document_rows.h"
#include "core/store/detail/json_codec.h"
#include "core/store/detail/owner.h"
#include "core/store/detail/run_rows.h"
#include "core/store/detail/sqlite.h"

namespace core::store {

using analysis::MapTrack;
using detail::Connection;
using detail::corrupt;

namespace {

// Decodes one blob column of `count` elements of `width` bytes; an empty (NULL) blob is allowed when
// `optional`. The size is checked before anything is allocated.
template <class T>
Result<void> read_array(const Connection& c, const detail::Statement& q, int column, std::size_t count,
                        bool optional, const std::string& what, std::vector<T>& out) {
  const auto blob = q.column_blob(column);
  if (blob.empty() && (optional || count == 0)) {
    out.clear();
    return {};
  }
  if (blob.size() != count * sizeof(T))
    return std::unexpected(corrupt(c, what + " holds " + std::to_string(blob.size()) + " bytes for " +
                                          std::to_string(count) + " values"));
  unpack_le(blob, out);
  return {};
}

Result<void> read_half_array(const Connection& c, const detail::Statement& q, int column, std::size_t count,
                             const std::string& what, std::vector<float>& out) {
  const auto blob = q.column_blob(column);
  if (blob.size() != count * 2)
    return std::unexpected(corrupt(c, what + " holds " + std::to_string(blob.size()) + " bytes for " +
                                          std::to_string(count) + " values"));
  unpack_half(blob, out);
  return {};
}

#define TRACK_COLUMNS \
    "map_index, positions, top_k, temperature_stats, logp, entropy, rank, confidence, sum_p2, kl_bt, kl_tb, " \
    "js, kl_tz, added_mass, top_ids, top_p"

Result<MapTrack> track_from_row(const Connection& c, const detail::Statement& q, std::int64_t run_id,
                                std::int64_t doc) {
  MapTrack t;
  const std::int64_t positions = q.column_int64(1);
  const std::int64_t top_k = q.column_int64(2);
  const std::string at = "run " + std::to_string(run_id) + ", document " + std::to_string(doc) + ", map " +
                         std::to_string(q.column_int64(0)) + ": ";
  if (positions < 0 || top_k < 0 || top_k > (1 << 20))
    return std::unexpected(corrupt(c, at + "impossible track size"));
  const auto n = std::size_t(positions);
  t.top_k = std::int32_t(top_k);
  {
    const auto blob = q.column_blob(3);
    if (!blob.empty()) {
      if (blob.size() != t.temperature_stats.size() * sizeof(double))
        return std::unexpected(corrupt(c, at + "temperature statistics have the wrong size"));
      std::vector<double> stats;
      unpack_le(blob, stats);
      std::copy(stats.begin(), stats.end(), t.temperature_stats.begin());
    }
  }
  STORE_TRY(read_array(c, q, 4, n, false, at + "logp", t.logp));
  STORE_TRY(read_array(c, q, 5, n, false, at + "entropy", t.entropy));
  STORE_TRY(read_array(c, q, 6, n, false, at + "rank", t.rank));
  STORE_TRY(read_array(c, q, 7, n, false, at + "confidence", t.confidence));
  STORE_TRY(read_array(c, q, 8, n, false, at + "sum_p2", t.sum_p2));
  STORE_TRY(read_array(c, q, 9, n, true, at + "kl_bt", t.kl_bt));
  STORE_TRY(read_array(c, q, 10, n, true, at + "kl_tb", t.kl_tb));
  STORE_TRY(read_array(c, q, 11, n, true, at + "js", t.js));
  STORE_TRY(read_array(c, q, 12, n, true, at + "kl_tz", t.kl_tz));
  STORE_TRY(read_array(c, q, 13, n, true, at + "added_mass", t.added_mass));
  STORE_TRY(read_array(c, q, 14, n * t.top_k, false, at + "top_ids", t.top_ids));
  STORE_TRY(read_half_array(c, q, 15, n * t.top_k, at + "top_p", t.top_p));
  return t;
}

// What load_run needs from the run's own row besides what it copies into the result.
struct RunRow {
  std::int64_t territory_id = 0;
  std::optional<std::int64_t> vocabulary_id;
};

// The run's row: settings, versions, warnings, window and stride go into `run`.
Result<RunRow> read_run_row(Connection& c, std::int64_t run_id, analysis::RunResult& run) {
  STORE_ASSIGN(q, c.prepare("SELECT territory_id, territory_source, settings_json, versions_json, "
                            "warnings_json, window_tokens, stride_tokens, vocabulary_id FROM runs WHERE id = ?"));
  q.bind(1, run_id);
  STORE_ASSIGN(row, q.step());
  if (!row) return fail(ErrorCode::NotFound, "the session has no run " + std::to_string(run_id), c.path());
  RunRow r;
  r.territory_id = q.column_int64(0);
  run.territory.source = q.column_text(1);
  STORE_ASSIGN(settings, detail::settings_from_json(q.column_text(2)));
  run.settings = std::move(settings);
  STORE_ASSIGN(versions, detail::string_map_from_json(q.column_text(3)));
  run.versions = std::move(versions);
  STORE_ASSIGN(warnings, detail::string_list_from_json(q.column_text(4)));
  run.warnings = std::move(warnings);
  run.window = q.column_int64(5);
  run.stride = q.column_int64(6);
  if (!q.column_is_null(7)) r.vocabulary_id = q.column_int64(7);
  return r;
}

Result<void> read_territory_facts(Connection& c, std::int64_t territory_id, analysis::TerritoryInfo& territory) {
  STORE_ASSIGN(t, detail::read_territory(c, territory_id));
  territory.content_hash = t.content_hash;
  territory.documents = t.document_count;
  territory.bytes = t.bytes;
  return {};
}

// The run's maps in lineage order, each with its checkpoint's facts.
Result<void> read_maps(Connection& c, std::int64_t run_id, std::vector<analysis::MapInfo>& maps) {
  STORE_ASSIGN(q, c.prepare("SELECT COALESCE(m.name, k.name), m.role, m.path, k.format, k.architecture, "
                            "k.dtype, k.sha256, k.config_json, k.parameters, k.vocab_size, k.context_length, "
                            "m.added_vocab FROM run_maps m JOIN checkpoints k ON k.id = m.checkpoint_id "
                            "WHERE m.run_id = ? ORDER BY m.map_index"));
  q.bind(1, run_id);
  while (true) {
    STORE_ASSIGN(row, q.step());
    if (!row) break;
    analysis::MapInfo m;
    m.name = q.column_text(0);
    m.role = role_from_name(q.column_text(1)).value_or(MapRole::Tuned);
    m.path = q.column_text(2);
    m.format = q.column_text(3);
    m.architecture = q.column_text(4);
    m.dtype = q.column_text(5);
    m.sha256 = q.column_text(6);
    m.config_json = q.column_text(7);
    m.parameters = q.column_int64(8);
    m.vocab_size = q.column_int64(9);
    m.context_length = q.column_int64(10);
    m.added_vocab = q.column_int64(11);
    maps.push_back(std::move(m));
  }
  return {};
}

Result<void> read_token_texts(Connection& c, std::int64_t run_id, std::int64_t vocabulary_id,
                              std::vector<std::string>& token_texts) {
  STORE_ASSIGN(q, c.prepare("SELECT count, texts FROM vocabularies WHERE id = ?"));
  q.bind(1, vocabulary_id);
  STORE_ASSIGN(row, q.step());
  if (!row) return std::unexpected(corrupt(c, "run " + std::to_string(run_id) + " lost its token texts"));
  STORE_ASSIGN(texts, detail::unpack_texts(q.column_blob(1), q.column_int64(0)));
  token_texts = std::move(texts);
  return {};
}

Result<void> read_summaries(Connection& c, std::int64_t run_id, std::vector<analysis::MapSummary>& summaries) {
  STORE_ASSIGN(q, c.prepare("SELECT map_index, summary_json FROM run_summaries WHERE run_id = ? "
                            "ORDER BY map_index"));
  q.bind(1, run_id);
  while (true) {
    STORE_ASSIGN(row, q.step());
    if (!row) break;
    STORE_ASSIGN(summary, detail::summary_from_json(q.column_text(1)));
    summaries.push_back(summary);
  }
  return {};
}

// The histograms a complete run stored when it finished (schema 11); none when it has no rows. Checked
// before use: every map's entropy, every tuned map's ΔNLL and KL, finite ranges, at most 4096 bins of
// non-negative counts.
Result<void> read_histograms(Connection& c, std::int64_t run_id, std::size_t maps,
                             std::optional<analysis::RunHistograms>& out) {
  STORE_ASSIGN(q, c.prepare("SELECT map_index, kind, lo, hi, counts FROM run_histograms WHERE run_id = ?"));
  q.bind(1, run_id);
  analysis::RunHistograms h;
  h.delta_nll.resize(maps);
  h.kl_base_tuned.resize(maps);
  h.entropy.resize(maps);
  const auto bad = [&](const std::string& what) {
    return std::unexpected(corrupt(c, "the histograms of run " + std::to_string(run_id) + " " + what));
  };
  std::size_t rows = 0;
  while (true) {
    STORE_ASSIGN(row, q.step());
    if (!row) break;
    const std::int64_t m = q.column_int64(0);
    const std::string kind = q.column_text(1);
    if (m < 0 || std::size_t(m) >= maps) return bad("name map " + std::to_string(m) + " of " + std::to_string(maps));
    std::vector<analysis::Histogram>* list = kind == "delta_nll"       ? &h.delta_nll
                                             : kind == "kl_base_tuned" ? &h.kl_base_tuned
                                             : kind == "entropy"       ? &h.entropy
                                                                       : nullptr;
    if (!list) return bad("hold an unknown kind '" + kind + "'");
    if (m == 0 && list != &h.entropy) return bad("give the base map a '" + kind + "' histogram");
    analysis::Histogram& one = (*list)[std::size_t(m)];
    one.lo = q.column_double(2);
    one.hi = q.column_double(3);
    const auto blob = q.column_blob(4);
    if (!std::isfinite(one.lo) || !std::isfinite(one.hi) || one.hi <= one.lo) return bad("have an empty range");
    if (blob.empty() || blob.size() % 8 != 0 || blob.size() > 4096 * 8) return bad("have a damaged bin list");
    unpack_le(blob, one.counts);
    for (std::int64_t n : one.counts)
      if (n < 0) return bad("count a negative number");
    ++rows;
  }
  if (rows == 0) return {};
  for (std::size_t m = 0; m < maps; ++m)
    if (h.entropy[m].counts.empty() || (m > 0 && (h.delta_nll[m].counts.empty() || h.kl_base_tuned[m].counts.empty())))
      return bad("lack map " + std::to_string(m));
  out = std::move(h);
  return {};
}

// A run that has not finished has no projection row and keeps an empty projection.
Result<void> read_projection(Connection& c, std::int64_t run_id, analysis::Projection& projection) {
  STORE_ASSIGN(q, c.prepare("SELECT explained_x, explained_y, point_count, points FROM run_projections "
                            "WHERE run_id = ?"));
  q.bind(1, run_id);
  STORE_ASSIGN(row, q.step());
  if (!row) return {};
  projection.explained[0] = q.column_double(0);
  projection.explained[1] = q.column_double(1);
  const std::int64_t count = q.column_int64(2);
  const auto blob = q.column_blob(3);
  if (count < 0 || blob.size() != std::size_t(count) * 16)
    return std::unexpected(corrupt(c, "the projection of run " + std::to_string(run_id) + " is truncated"));
  // document, position (int32), x, y (float32): 16 bytes a point.
  std::vector<std::uint32_t> words;
  unpack_le(blob, words);
  projection.points.resize(std::size_t(count));
  for (std::size_t i = 0; i < projection.points.size(); ++i) {
    auto& p = projection.points[i];
    p.document = std::bit_cast<std::int32_t>(words[4 * i]);
    p.position = std::bit_cast<std::int32_t>(words[4 * i + 1]);
    p.x = std::bit_cast<float>(words[4 * i + 2]);
    p.y = std::bit_cast<float>(words[4 * i + 3]);
  }
  return {};
}

// The shards of a sharded run (schema 7); one count for all of them, or the file is corrupt.
Result<void> read_shards(Connection& c, std::int64_t run_id, analysis::RunResult& run) {
  STORE_ASSIGN(q, c.prepare("SELECT shard_index, shard_count, source FROM run_shards WHERE run_id = ? "
                            "ORDER BY shard_index"));
  q.bind(1, run_id);
  while (true) {
    STORE_ASSIGN(row, q.step());
    if (!row) break;
    if (run.shard_count && run.shard_count != q.column_int64(1))
      return std::unexpected(corrupt(c, "run " + std::to_string(run_id) + " lists shards of different counts"));
    run.shard_count = q.column_int64(1);
    run.shards_present.push_back(q.column_int64(0));
    run.shard_sources.push_back(q.column_text(2));
  }
  return {};
}

}  // namespace

Result<std::vector<RunListing>> RunReader::list_runs() {
  Connection& c = detail::connection(session_);
  detail::ReadSnapshot snapshot(c);
  std::vector<RunListing> runs;
  std::unordered_map<std::int64_t, std::size_t> at;
  {
    STORE_ASSIGN(q, c.prepare("SELECT id, status, prompt, territory_id, territory_source, documents_total, "
                              "documents_done, window_tokens, stride_tokens, created_ms, finished_ms, owner "
                              "FROM runs ORDER BY id"));
    while (true) {
      STORE_ASSIGN(row, q.step());
      if (!row) break;
      RunListing r;
      r.id = q.column_int64(0);
      const auto status = run_status_from_name(q.column_text(1));
      if (!status) return std::unexpected(corrupt(c, "run " + std::to_string(r.id) + " has an unknown status"));
      r.status = *status;
      if (r.status == RunStatus::Running && !detail::owner_alive(q.column_text(11)))
        r.status = RunStatus::Interrupted;
      r.prompt = q.column_text(2);
      r.territory_id = q.column_int64(3);
      r.territory_source = q.column_text(4);
      r.documents_total = q.column_int64(5);
      r.documents_done = q.column_int64(6);
      r.window = q.column_int64(7);
      r.stride = q.column_int64(8);
      r.created_ms = q.column_int64(9);
      r.finished_ms = q.column_int64(10);
      at[r.id] = runs.size();
      runs.push_back(std::move(r));
    }
  }
  {
    STORE_ASSIGN(q, c.prepare("SELECT m.run_id, m.role, COALESCE(m.name, k.name) FROM run_maps m "
                              "JOIN checkpoints k ON k.id = m.checkpoint_id ORDER BY m.run_id, m.map_index"));
    while (true) {
      STORE_ASSIGN(row, q.step());
      if (!row) break;
      auto it = at.find(q.column_int64(0));
      if (it == at.end()) continue;
      RunListing& r = runs[it->second];
      r.map_roles.push_back(role_from_name(q.column_text(1)).value_or(MapRole::Tuned));
      r.map_names.push_back(q.column_text(2));
    }
  }
  STORE_ASSIGN(q, c.prepare("SELECT run_id, shard_index, shard_count FROM run_shards ORDER BY run_id, shard_index"));
  while (true) {
    STORE_ASSIGN(row, q.step());
    if (!row) break;
    auto it = at.find(q.column_int64(0));
    if (it == at.end()) continue;
    runs[it->second].shards_present.push_back(q.column_int64(1));
    runs[it->second].shard_count = q.column_int64(2);
  }
  return runs;
}

Result<RunListing> RunReader::run_listing(std::int64_t run_id) {
  STORE_ASSIGN(all, list_runs());
  for (auto& r : all)
    if (r.id == run_id) return std::move(r);
  return fail(ErrorCode::NotFound, "the session has no run " + std::to_string(run_id), session_.path().string());
}

Result<analysis::RunResult> RunReader::load_run(std::int64_t run_id, const LoadOptions& options) {
  Connection& c = detail::connection(session_);
  detail::ReadSnapshot snapshot(c);
  analysis::RunResult run;
  STORE_ASSIGN(row, read_run_row(c, run_id, run));
  STORE_TRY(read_territory_facts(c, row.territory_id, run.territory));
  STORE_TRY(read_maps(c, run_id, run.maps));
  if (row.vocabulary_id) STORE_TRY(read_token_texts(c, run_id, *row.vocabulary_id, run.token_texts));
  STORE_TRY(read_summaries(c, run_id, run.summaries));
  STORE_TRY(read_histograms(c, run_id, run.maps.size(), run.histograms));
  STORE_TRY(read_projection(c, run_id, run.projection));
  STORE_TRY(read_shards(c, run_id, run));
  detail::DocumentRowsQuery documents;
  documents.run_id = run_id;
  documents.territory_id = row.territory_id;
  documents.maps = run.maps.size();
  if (options.parallel_from > 0) {
    documents.session = session_.path();
    documents.parallel_from = options.parallel_from;
  }
  STORE_TRY(detail::read_document_rows(c, documents, run.documents));
  if (options.samples)
    for (auto& d : run.documents) STORE_TRY(load_samples(run_id, d));
  return run;
}

namespace {

Error incomplete_tracks(const Connection& c, std::int64_t run_id, std::int64_t doc) {
  return corrupt(c, "the tracks of run " + std::to_string(run_id) + ", document " + std::to_string(doc) +
                        " are incomplete");
}

// After reading a document's rows: none is NotFound (the document is not committed yet), fewer than
// the run's maps Corrupt.
Result<void> check_every_map(const Connection& c, std::int64_t run_id, std::int64_t doc, std::int64_t maps,
                             std::size_t found) {
  if (found == 0)
    return fail(ErrorCode::NotFound,
                "run " + std::to_string(run_id) + " has no results for document " + std::to_string(doc) + " yet",
                c.path());
  if (std::int64_t(found) != maps) return std::unexpected(incomplete_tracks(c, run_id, doc));
  return {};
}

}  // namespace

Result<std::vector<MapTrack>> RunReader::load_tracks(std::int64_t run_id, std::int64_t document_index) {
  Connection& c = detail::connection(session_);
  detail::ReadSnapshot snapshot(c);
  STORE_ASSIGN(state, detail::run_state(c, run_id));
  STORE_ASSIGN(q, c.prepare("SELECT " TRACK_COLUMNS
                            " FROM tracks WHERE run_id = ? AND doc_index = ? ORDER BY map_index"));
  q.bind(1, run_id).bind(2, document_index);
  std::vector<MapTrack> tracks;
  while (true) {
    STORE_ASSIGN(row, q.step());
    if (!row) break;
    if (q.column_int64(0) != std::int64_t(tracks.size()))
      return std::unexpected(incomplete_tracks(c, run_id, document_index));
    STORE_ASSIGN(track, track_from_row(c, q, run_id, document_index));
    tracks.push_back(std::move(track));
  }
  STORE_TRY(check_every_map(c, run_id, document_index, state.maps, tracks.size()));
  return tracks;
}

Result<std::vector<MapTrack>> RunReader::load_kl_tb(std::int64_t run_id, std::int64_t document_index) {
  Connection& c = detail::connection(session_);
  detail::ReadSnapshot snapshot(c);
  STORE_ASSIGN(state, detail::run_state(c, run_id));
  STORE_ASSIGN(q, c.prepare("SELECT map_index, positions, kl_tb FROM tracks WHERE run_id = ? AND doc_index = ? "
                            "ORDER BY map_index"));
  q.bind(1, run_id).bind(2, document_index);
  std::vector<MapTrack> tracks;
  while (true) {
    STORE_ASSIGN(row, q.step());
    if (!row) break;
    const std::int64_t map = q.column_int64(0), positions = q.column_int64(1);
    if (map != std::int64_t(tracks.size()))
      return std::unexpected(incomplete_tracks(c, run_id, document_index));
    const std::string at =
        "run " + std::to_string(run_id) + ", document " + std::to_string(document_index) + ", map " + std::to_string(map);
    if (positions < 0) return std::unexpected(corrupt(c, at + ": impossible track size"));
    MapTrack t;
    STORE_TRY(read_array(c, q, 2, std::size_t(positions), true, at + ": kl_tb", t.kl_tb));
    tracks.push_back(std::move(t));
  }
  STORE_TRY(check_every_map(c, run_id, document_index, state.maps, tracks.size()));
  return tracks;
}

Result<MapTrack> RunReader::load_track(std::int64_t run_id, std::int64_t document_index, int map_index) {
  Connection& c = detail::connection(session_);
  STORE_ASSIGN(q, c.prepare("SELECT " TRACK_COLUMNS
                            " FROM tracks WHERE run_id = ? AND doc_index = ? AND map_index = ?"));
  q.bind(1, run_id).bind(2, document_index).bind(3, map_index);
  STORE_ASSIGN(row, q.step());
  if (!row)
    return fail(ErrorCode::NotFound,
                "run " + std::to_string(run_id) + " has no results for document " + std::to_string(document_index) +
                    ", map " + std::to_string(map_index),
                c.path());
  return track_from_row(c, q, run_id, document_index);
}

Result<void> RunReader::load_samples(std::int64_t run_id, analysis::DocumentResult& document) {
  Connection& c = detail::connection(session_);
  detail::ReadSnapshot snapshot(c);
  STORE_ASSIGN(q, c.prepare("SELECT sample_count, hidden_dim, positions, samples FROM run_samples "
                            "WHERE run_id = ? AND doc_index = ?"));
  q.bind(1, run_id).bind(2, document.index);
  document.sample_positions.clear();
  document.samples.clear();
  STORE_ASSIGN(row, q.step());
  if (!row) return {};
  const std::int64_t rows = q.column_int64(0), dim = q.column_int64(1);
  if (rows < 0 || dim < 0 || (dim > 0 && rows > (std::int64_t(1) << 40) / dim))
    return std::unexpected(corrupt(c, "impossible projection sample size"));
  const std::string at = "run " + std::to_string(run_id) + ", document " + std::to_string(document.index) + ": ";
  STORE_TRY(read_array(c, q, 2, std::size_t(rows), false, at + "sample positions", document.sample_positions));
  STORE_TRY(read_half_array(c, q, 3, std::size_t(rows * dim), at + "samples", document.samples));
  return {};
}

Result<std::set<std::int64_t>> RunReader::completed_documents(std::int64_t run_id) {
  return detail::completed_documents(detail::connection(session_), run_id);
}

Result<std::int64_t> RunReader::territory_of(std::int64_t run_id) {
  Connection& c = detail::connection(session_);
  STORE_ASSIGN(q, c.prepare("SELECT territory_id FROM runs WHERE id = ?"));
  q.bind(1, run_id);
  STORE_ASSIGN(row, q.step());
  if (!row) return fail(ErrorCode::NotFound, "the session has no run " + std::to_string(run_id), c.path());
  return q.column_int64(0);
}

}  // namespace core::store
