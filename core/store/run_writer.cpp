#include "core/store/run_writer.h"

#include <cstring>
#include <unordered_set>

#include "core/store/blob_codec.h"
#include "core/store/detail/access.h"
#include "core/store/detail/catalog_ops.h"
#include "core/store/detail/json_codec.h"
#include "core/store/detail/owner.h"
#include "core/store/detail/run_rows.h"
#include "core/store/detail/sqlite.h"

namespace core::store {

using analysis::DocumentResult;
using analysis::MapTrack;
using detail::Connection;
using detail::Transaction;

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
  for (std::size_t m = 0; m < d.maps.size(); ++m) {
    const MapTrack& t = d.maps[m];
    const std::string at = where(d.index, m);
    const std::size_t n = t.size();
    if (n != scored && n != 0)
      return fail(ErrorCode::InvalidInput,
                  at + ": the track has " + std::to_string(n) + " positions but the document has " +
                      std::to_string(scored) + " scored tokens",
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
void bind_array(detail::Statement& q, int index, const std::vector<T>& values, std::vector<std::byte>& scratch) {
  q.bind_blob(index, le_bytes(std::span<const T>(values), scratch));
}

bool owned_by_someone_else(const detail::RunState& s) {
  return s.status == RunStatus::Running && s.owner != detail::current_owner() && detail::owner_alive(s.owner);
}

Error locked_by_writer(std::int64_t run_id, const std::string& path) {
  return Error{ErrorCode::Locked, "run " + std::to_string(run_id) + " is being written by another process",
               path, {}};
}

// Marks a run as being written again, by this process (resuming it, or adding shards to a merge).
Result<void> claim_run(Connection& c, std::int64_t run_id) {
  STORE_ASSIGN(q, c.prepare("UPDATE runs SET status = 'running', owner = ?, finished_ms = NULL WHERE id = ?"));
  const std::string owner = detail::current_owner();
  q.bind(1, std::string_view(owner)).bind(2, run_id);
  return q.run();
}

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

// Inside the write transaction: another process may have marked the run interrupted between
// writable_run's check and taking the lock.
Result<void> check_still_ours(Connection& c, std::int64_t run_id) {
  STORE_ASSIGN(state, detail::run_state(c, run_id));
  if (state.status != RunStatus::Running || state.owner != detail::current_owner())
    return fail(ErrorCode::InvalidInput,
                "run " + std::to_string(run_id) + " was marked " + to_string(state.status) +
                    " by another process; resume it before writing to it",
                c.path());
  return {};
}

// Byte buffers reused from one document to the next (blobs in little-endian order, half floats).
struct BlobScratch {
  std::vector<std::byte> le;
  std::vector<std::byte> half;
};

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
                          "DELETE FROM document_stats WHERE run_id = ? AND doc_index = ?",
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
                            "tokens) VALUES (?, ?, ?, ?, ?)"));
  q.bind(1, run_id).bind(2, d.index).bind(3, d.tokens.size()).bind(4, now);
  bind_array(q, 5, d.tokens, scratch.le);
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

Result<void> insert_stats(Connection& c, std::int64_t run_id, const DocumentResult& d) {
  for (std::size_t m = 0; m < d.stats.size(); ++m) {
    const analysis::DocumentStats& st = d.stats[m];
    STORE_ASSIGN(q, c.prepare("INSERT INTO document_stats (run_id, doc_index, map_index, tokens, nll_mean, "
                              "entropy_mean, top1_accuracy, kl_bt_mean, kl_tb_mean, js_mean, kl_max, "
                              "bits_per_byte) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    q.bind(1, run_id).bind(2, d.index).bind(3, m).bind(4, st.tokens).bind(5, st.nll_mean)
        .bind(6, st.entropy_mean).bind(7, st.top1_accuracy).bind(8, st.kl_bt_mean).bind(9, st.kl_tb_mean)
        .bind(10, st.js_mean).bind(11, st.kl_max).bind(12, st.bits_per_byte);
    STORE_TRY(q.run());
  }
  return {};
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

// One row of per-position arrays for each of the document's maps.
Result<void> insert_tracks(Connection& c, std::int64_t run_id, const DocumentResult& d, BlobScratch& scratch) {
  for (std::size_t m = 0; m < d.maps.size(); ++m)
    STORE_TRY(insert_track(c, run_id, d.index, m, d.maps[m], scratch.half));
  return {};
}

// Re-committed documents were counted the first time; only `added` ones are new.
Result<void> count_documents_done(Connection& c, std::int64_t run_id, std::int64_t added) {
  STORE_ASSIGN(q, c.prepare("UPDATE runs SET documents_done = documents_done + ? WHERE id = ?"));
  q.bind(1, added).bind(2, run_id);
  return q.run();
}

// The checkpoint row of each map (added or updated), and whether the map keeps a name of its own.
struct MapCheckpoints {
  std::vector<std::int64_t> ids;
  std::vector<bool> renamed;
};

Result<MapCheckpoints> upsert_map_checkpoints(Connection& c, const std::vector<analysis::MapInfo>& maps) {
  MapCheckpoints out;
  for (std::size_t i = 0; i < maps.size(); ++i) {
    const analysis::MapInfo& m = maps[i];
    CheckpointRecord r;
    r.name = m.name;
    r.path = m.path;
    r.format = m.format;
    r.architecture = m.architecture;
    r.dtype = m.dtype;
    r.sha256 = m.sha256;
    r.parameters = m.parameters;
    r.vocab_size = m.vocab_size;
    r.context_length = m.context_length;
    r.config_json = m.config_json;
    r.role = m.role;
    r.lineage_order = std::int32_t(i);
    STORE_ASSIGN(id, detail::upsert_checkpoint(c, r));
    out.ids.push_back(id);
    STORE_ASSIGN(q, c.prepare("SELECT name FROM checkpoints WHERE id = ?"));
    q.bind(1, id);
    STORE_TRY(q.step());
    // The map's own name is kept only when it differs from the checkpoint's, so that renaming the
    // checkpoint renames it in every run (the zoomed map usually keeps a name of its own).
    out.renamed.push_back(q.column_text(0) != m.name);
  }
  return out;
}

// Token texts are shared between runs with the same vocabulary: the id of the stored copy, added
// when there is none; no id when the run has no texts.
Result<std::optional<std::int64_t>> store_vocabulary(Connection& c, const std::vector<std::string>& texts) {
  std::optional<std::int64_t> vocabulary_id;
  if (texts.empty()) return vocabulary_id;
  const std::vector<std::byte> blob = detail::pack_texts(texts);
  const auto hash = std::int64_t(detail::fnv1a64(blob));
  {
    STORE_ASSIGN(q, c.prepare("SELECT id FROM vocabularies WHERE hash = ? AND count = ? AND texts = ?"));
    q.bind(1, hash).bind(2, texts.size()).bind_blob(3, blob);
    STORE_ASSIGN(row, q.step());
    if (row) vocabulary_id = q.column_int64(0);
  }
  if (!vocabulary_id) {
    STORE_ASSIGN(q, c.prepare("INSERT INTO vocabularies (hash, count, texts) VALUES (?, ?, ?)"));
    q.bind(1, hash).bind(2, texts.size()).bind_blob(3, blob);
    STORE_TRY(q.run());
    vocabulary_id = c.last_insert_rowid();
  }
  return vocabulary_id;
}

// The runs row, 'running' and owned by this process.
Result<std::int64_t> insert_run_row(Connection& c, const analysis::RunResult& header, std::int64_t territory_id,
                                    const TerritoryRecord& territory, std::optional<std::int64_t> vocabulary_id) {
  const std::string settings = detail::to_json(header.settings);
  const std::string versions = detail::to_json(header.versions);
  const std::string warnings = detail::to_json(header.warnings);
  const std::string source = header.territory.source.empty() ? territory.source : header.territory.source;
  const std::string owner = detail::current_owner();
  STORE_ASSIGN(q, c.prepare("INSERT INTO runs (territory_id, territory_source, status, prompt, settings_json, "
                            "versions_json, warnings_json, window_tokens, stride_tokens, vocabulary_id, "
                            "documents_total, created_ms, owner) "
                            "VALUES (?, ?, 'running', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  q.bind(1, territory_id).bind(2, std::string_view(source)).bind(3, std::string_view(header.settings.prompt))
      .bind(4, std::string_view(settings)).bind(5, std::string_view(versions))
      .bind(6, std::string_view(warnings)).bind(7, header.window).bind(8, header.stride);
  if (vocabulary_id) q.bind(9, *vocabulary_id); else q.bind_null(9);
  q.bind(10, territory.document_count).bind(11, detail::now_ms())
      .bind(12, std::string_view(owner));
  STORE_TRY(q.run());
  return c.last_insert_rowid();
}

Result<void> insert_run_maps(Connection& c, std::int64_t run_id, const std::vector<analysis::MapInfo>& maps,
                             const MapCheckpoints& checkpoints) {
  for (std::size_t i = 0; i < maps.size(); ++i) {
    const analysis::MapInfo& m = maps[i];
    STORE_ASSIGN(mq, c.prepare("INSERT INTO run_maps (run_id, map_index, checkpoint_id, role, name, path, "
                               "added_vocab) VALUES (?, ?, ?, ?, ?, ?, ?)"));
    mq.bind(1, run_id).bind(2, i).bind(3, checkpoints.ids[i]).bind(4, role_name(m.role));
    if (checkpoints.renamed[i]) mq.bind(5, std::string_view(m.name)); else mq.bind_null(5);
    mq.bind(6, std::string_view(m.path)).bind(7, m.added_vocab);
    STORE_TRY(mq.run());
  }
  return {};
}

// The shards a sharded run holds (schema 7); nothing for an ordinary run.
Result<void> insert_run_shards(Connection& c, std::int64_t run_id, const analysis::RunResult& header) {
  for (std::size_t i = 0; i < header.shards_present.size(); ++i) {
    const std::int64_t shard = header.shards_present[i];
    if (shard < 0 || shard >= header.shard_count)
      return fail(ErrorCode::InvalidInput,
                  "shard " + std::to_string(shard) + " is not one of " + std::to_string(header.shard_count), c.path());
    STORE_ASSIGN(q, c.prepare("INSERT INTO run_shards (run_id, shard_index, shard_count, source, added_ms) "
                              "VALUES (?, ?, ?, ?, ?)"));
    const std::string source = i < header.shard_sources.size() ? header.shard_sources[i] : std::string();
    q.bind(1, run_id).bind(2, shard).bind(3, header.shard_count).bind(4, std::string_view(source))
        .bind(5, detail::now_ms());
    STORE_TRY(q.run());
  }
  return {};
}

Result<void> replace_summaries(Connection& c, std::int64_t run_id, std::span<const analysis::MapSummary> summaries) {
  {
    STORE_ASSIGN(q, c.prepare("DELETE FROM run_summaries WHERE run_id = ?"));
    q.bind(1, run_id);
    STORE_TRY(q.run());
  }
  for (std::size_t m = 0; m < summaries.size(); ++m) {
    const std::string json = detail::to_json(summaries[m]);
    STORE_ASSIGN(q, c.prepare("INSERT INTO run_summaries (run_id, map_index, summary_json) VALUES (?, ?, ?)"));
    q.bind(1, run_id).bind(2, m).bind(3, std::string_view(json));
    STORE_TRY(q.run());
  }
  return {};
}

Result<void> write_projection(Connection& c, std::int64_t run_id, const analysis::Projection& projection) {
  // document, position (int32), x, y (float32): 16 bytes a point.
  std::vector<std::byte> points(projection.points.size() * 16);
  std::vector<std::byte> scratch;
  for (std::size_t i = 0; i < projection.points.size(); ++i) {
    const auto& p = projection.points[i];
    const std::int32_t ints[2] = {p.document, p.position};
    const float floats[2] = {p.x, p.y};
    auto a = le_bytes(std::span<const std::int32_t>(ints), scratch);
    std::memcpy(points.data() + 16 * i, a.data(), 8);
    auto b = le_bytes(std::span<const float>(floats), scratch);
    std::memcpy(points.data() + 16 * i + 8, b.data(), 8);
  }
  STORE_ASSIGN(q, c.prepare("INSERT OR REPLACE INTO run_projections (run_id, explained_x, explained_y, "
                            "point_count, points) VALUES (?, ?, ?, ?, ?)"));
  q.bind(1, run_id).bind(2, projection.explained[0]).bind(3, projection.explained[1])
      .bind(4, projection.points.size()).bind_blob(5, points);
  return q.run();
}

// Warnings found while finishing go after the ones recorded when the run began.
Result<void> append_warnings(Connection& c, std::int64_t run_id, std::span<const std::string> warnings) {
  STORE_ASSIGN(q, c.prepare("SELECT warnings_json FROM runs WHERE id = ?"));
  q.bind(1, run_id);
  STORE_TRY(q.step());
  STORE_ASSIGN(list, detail::string_list_from_json(q.column_text(0)));
  list.insert(list.end(), warnings.begin(), warnings.end());
  const std::string json = detail::to_json(list);
  STORE_ASSIGN(u, c.prepare("UPDATE runs SET warnings_json = ? WHERE id = ?"));
  u.bind(1, std::string_view(json)).bind(2, run_id);
  return u.run();
}

Result<void> mark_finished(Connection& c, std::int64_t run_id, RunStatus status) {
  STORE_ASSIGN(q, c.prepare("UPDATE runs SET status = ?, finished_ms = ? WHERE id = ?"));
  q.bind(1, to_string(status)).bind(2, detail::now_ms()).bind(3, run_id);
  return q.run();
}

}  // namespace

RunWriter::RunWriter(SessionFile& session, Hooks hooks) : session_(session), hooks_(std::move(hooks)) {}

RunWriter::~RunWriter() {
  for (std::int64_t id : std::set<std::int64_t>(owned_)) (void)mark_interrupted(id);
}

Result<std::int64_t> RunWriter::begin_run(const analysis::RunResult& header, const TerritoryRecord& territory) {
  Connection& c = detail::connection(session_);
  STORE_ASSIGN(tx, Transaction::begin(c, "starting a run"));
  STORE_ASSIGN(territory_id, detail::upsert_territory(c, territory));
  STORE_ASSIGN(run_id, insert_run(header, territory_id));
  STORE_TRY(tx.commit());
  owned_.insert(run_id);
  return run_id;
}

Result<std::int64_t> RunWriter::begin_run(const analysis::RunResult& header, std::int64_t territory_id) {
  Connection& c = detail::connection(session_);
  STORE_ASSIGN(tx, Transaction::begin(c, "starting a run"));
  STORE_ASSIGN(run_id, insert_run(header, territory_id));
  STORE_TRY(tx.commit());
  owned_.insert(run_id);
  return run_id;
}

Result<std::int64_t> RunWriter::insert_run(const analysis::RunResult& header, std::int64_t territory_id) {
  Connection& c = detail::connection(session_);
  if (header.maps.empty())
    return fail(ErrorCode::InvalidInput, "a run needs at least the base map", c.path());
  if (header.maps[0].role != MapRole::Base)
    return fail(ErrorCode::InvalidInput, "a run's first map must be its base", c.path());
  STORE_ASSIGN(territory, detail::read_territory(c, territory_id));
  STORE_ASSIGN(checkpoints, upsert_map_checkpoints(c, header.maps));
  STORE_ASSIGN(vocabulary_id, store_vocabulary(c, header.token_texts));
  STORE_ASSIGN(run_id, insert_run_row(c, header, territory_id, territory, vocabulary_id));
  STORE_TRY(insert_run_maps(c, run_id, header.maps, checkpoints));
  STORE_TRY(insert_run_shards(c, run_id, header));
  return run_id;
}

Result<RunWriter::RunShape> RunWriter::writable_run(std::int64_t run_id, const char* doing) {
  Connection& c = detail::connection(session_);
  STORE_TRY(c.require_writable(doing));
  STORE_ASSIGN(state, detail::run_state(c, run_id));
  if (state.status != RunStatus::Running)
    return fail(ErrorCode::InvalidInput,
                "run " + std::to_string(run_id) + " is " + to_string(state.status) +
                    "; resume it before writing to it",
                c.path());
  if (state.owner != detail::current_owner()) {
    if (detail::owner_alive(state.owner)) return std::unexpected(locked_by_writer(run_id, c.path()));
    return fail(ErrorCode::InvalidInput,
                "run " + std::to_string(run_id) + " was started by a process that is gone; resume it first",
                c.path());
  }
  return RunShape{state.maps, state.documents_total};
}

Result<void> RunWriter::commit_documents(std::int64_t run_id, std::span<const DocumentResult> documents) {
  Connection& c = detail::connection(session_);
  STORE_ASSIGN(shape, writable_run(run_id, "saving documents"));
  STORE_TRY(validate_batch(documents, shape.maps, shape.documents_total, c.path()));
  if (documents.empty()) return {};

  STORE_ASSIGN(tx, Transaction::begin(c, "saving documents"));
  STORE_TRY(check_still_ours(c, run_id));
  BlobScratch scratch;
  std::int64_t added = 0;
  const std::int64_t now = detail::now_ms();
  for (const DocumentResult& d : documents) {
    STORE_ASSIGN(existed, clear_document(c, run_id, d.index));
    if (!existed) ++added;
    STORE_TRY(insert_document_row(c, run_id, d, now, scratch));
    STORE_TRY(insert_samples(c, run_id, d, scratch));
    STORE_TRY(insert_stats(c, run_id, d));
    STORE_TRY(insert_tracks(c, run_id, d, scratch));
    if (hooks_.after_document_written) hooks_.after_document_written(d.index);
  }
  STORE_TRY(count_documents_done(c, run_id, added));
  return tx.commit();
}

Result<void> RunWriter::finish_run(std::int64_t run_id, std::span<const analysis::MapSummary> summaries,
                                   const analysis::Projection& projection, RunStatus status,
                                   std::span<const std::string> warnings) {
  Connection& c = detail::connection(session_);
  if (status == RunStatus::Running)
    return fail(ErrorCode::InvalidInput, "a run cannot finish as 'running'", c.path());
  STORE_ASSIGN(shape, writable_run(run_id, "finishing a run"));
  if (!summaries.empty() && summaries.size() != std::size_t(shape.maps))
    return fail(ErrorCode::InvalidInput,
                std::to_string(summaries.size()) + " summaries for a run of " + std::to_string(shape.maps) +
                    " maps",
                c.path());
  STORE_ASSIGN(tx, Transaction::begin(c, "finishing a run"));
  STORE_TRY(replace_summaries(c, run_id, summaries));
  STORE_TRY(write_projection(c, run_id, projection));
  if (!warnings.empty()) STORE_TRY(append_warnings(c, run_id, warnings));
  STORE_TRY(mark_finished(c, run_id, status));
  STORE_TRY(tx.commit());
  owned_.erase(run_id);
  return {};
}

Result<std::set<std::int64_t>> RunWriter::completed_documents(std::int64_t run_id) {
  return detail::completed_documents(detail::connection(session_), run_id);
}

Result<void> RunWriter::resume_run(std::int64_t run_id) {
  Connection& c = detail::connection(session_);
  STORE_ASSIGN(tx, Transaction::begin(c, "resuming a run"));
  STORE_ASSIGN(state, detail::run_state(c, run_id));
  if (state.status == RunStatus::Complete)
    return fail(ErrorCode::InvalidInput, "run " + std::to_string(run_id) + " is complete; nothing to resume",
                c.path());
  if (owned_by_someone_else(state)) return std::unexpected(locked_by_writer(run_id, c.path()));
  STORE_TRY(claim_run(c, run_id));
  STORE_TRY(tx.commit());
  owned_.insert(run_id);
  return {};
}

Result<void> RunWriter::extend_sharded_run(std::int64_t run_id, const analysis::RunResult& header) {
  Connection& c = detail::connection(session_);
  STORE_TRY(c.require_writable("adding shards to a run"));
  STORE_ASSIGN(tx, Transaction::begin(c, "adding shards to a run"));
  STORE_ASSIGN(state, detail::run_state(c, run_id));
  if (state.status != RunStatus::Complete)
    return fail(ErrorCode::InvalidInput,
                "run " + std::to_string(run_id) + " is " + to_string(state.status) + "; only a complete merge takes more shards",
                c.path());
  std::set<std::int64_t> held;
  {
    STORE_ASSIGN(q, c.prepare("SELECT shard_index, shard_count FROM run_shards WHERE run_id = ?"));
    q.bind(1, run_id);
    while (true) {
      STORE_ASSIGN(row, q.step());
      if (!row) break;
      if (q.column_int64(1) != header.shard_count)
        return fail(ErrorCode::Mismatch,
                    "run " + std::to_string(run_id) + " is cut into " + std::to_string(q.column_int64(1)) +
                        " shards, not " + std::to_string(header.shard_count),
                    c.path());
      held.insert(q.column_int64(0));
    }
  }
  if (held.empty())
    return fail(ErrorCode::InvalidInput, "run " + std::to_string(run_id) + " is not a sharded run", c.path());
  analysis::RunResult added;
  added.shard_count = header.shard_count;
  for (std::size_t i = 0; i < header.shards_present.size(); ++i) {
    if (held.count(header.shards_present[i])) continue;
    added.shards_present.push_back(header.shards_present[i]);
    added.shard_sources.push_back(i < header.shard_sources.size() ? header.shard_sources[i] : std::string());
  }
  STORE_TRY(insert_run_shards(c, run_id, added));
  STORE_TRY(claim_run(c, run_id));
  STORE_TRY(tx.commit());
  owned_.insert(run_id);
  return {};
}

Result<void> RunWriter::mark_interrupted(std::int64_t run_id) {
  Connection& c = detail::connection(session_);
  STORE_ASSIGN(tx, Transaction::begin(c, "marking a run interrupted"));
  STORE_ASSIGN(state, detail::run_state(c, run_id));
  if (owned_by_someone_else(state)) return std::unexpected(locked_by_writer(run_id, c.path()));
  if (state.status == RunStatus::Running) {
    STORE_ASSIGN(q, c.prepare("UPDATE runs SET status = 'interrupted' WHERE id = ?"));
    q.bind(1, run_id);
    STORE_TRY(q.run());
  }
  STORE_TRY(tx.commit());
  owned_.erase(run_id);
  return {};
}

Result<std::vector<std::int64_t>> RunWriter::mark_orphaned_runs_interrupted() {
  Connection& c = detail::connection(session_);
  STORE_TRY(c.require_writable("marking interrupted runs"));
  return detail::interrupt_orphaned_runs(c);
}

Result<void> RunWriter::delete_run(std::int64_t run_id) {
  Connection& c = detail::connection(session_);
  STORE_ASSIGN(tx, Transaction::begin(c, "deleting a run"));
  STORE_ASSIGN(state, detail::run_state(c, run_id));
  if (owned_by_someone_else(state)) return std::unexpected(locked_by_writer(run_id, c.path()));
  {
    STORE_ASSIGN(q, c.prepare("DELETE FROM runs WHERE id = ?"));
    q.bind(1, run_id);
    STORE_TRY(q.run());
  }
  {
    // Vocabularies are shared between runs; drop the ones no run uses any more.
    STORE_ASSIGN(q, c.prepare("DELETE FROM vocabularies WHERE id NOT IN "
                              "(SELECT vocabulary_id FROM runs WHERE vocabulary_id IS NOT NULL)"));
    STORE_TRY(q.run());
  }
  STORE_TRY(tx.commit());
  owned_.erase(run_id);
  return {};
}

}  // namespace core::store
