#include "core/store/detail/run_header_writes.h"

#include "core/store/blob_codec.h"
#include "core/store/detail/catalog_ops.h"
#include "core/store/detail/json_codec.h"
#include "core/store/detail/owner.h"
#include "core/store/detail/run_rows.h"
#include "core/store/detail/sqlite.h"

namespace core::store::detail {

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
    STORE_ASSIGN(id, upsert_checkpoint(c, r));
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
  const std::vector<std::byte> blob = pack_texts(texts);
  const auto hash = std::int64_t(fnv1a64(blob));
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
  const std::string settings = to_json(header.settings);
  const std::string versions = to_json(header.versions);
  const std::string warnings = to_json(header.warnings);
  const std::string source = header.territory.source.empty() ? territory.source : header.territory.source;
  const std::string owner = current_owner();
  STORE_ASSIGN(q, c.prepare("INSERT INTO runs (territory_id, territory_source, status, prompt, settings_json, "
                            "versions_json, warnings_json, window_tokens, stride_tokens, vocabulary_id, "
                            "documents_total, created_ms, owner) "
                            "VALUES (?, ?, 'running', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  q.bind(1, territory_id).bind(2, std::string_view(source)).bind(3, std::string_view(header.settings.prompt))
      .bind(4, std::string_view(settings)).bind(5, std::string_view(versions))
      .bind(6, std::string_view(warnings)).bind(7, header.window).bind(8, header.stride);
  if (vocabulary_id) q.bind(9, *vocabulary_id); else q.bind_null(9);
  q.bind(10, territory.document_count).bind(11, now_ms())
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
        .bind(5, now_ms());
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
    const std::string json = to_json(summaries[m]);
    STORE_ASSIGN(q, c.prepare("INSERT INTO run_summaries (run_id, map_index, summary_json) VALUES (?, ?, ?)"));
    q.bind(1, run_id).bind(2, m).bind(3, std::string_view(json));
    STORE_TRY(q.run());
  }
  return {};
}

Result<void> replace_histograms(Connection& c, std::int64_t run_id, const analysis::RunHistograms* histograms) {
  {
    STORE_ASSIGN(q, c.prepare("DELETE FROM run_histograms WHERE run_id = ?"));
    q.bind(1, run_id);
    STORE_TRY(q.run());
  }
  if (!histograms) return {};
  const auto write = [&](const std::vector<analysis::Histogram>& kind, std::string_view name) -> Result<void> {
    std::vector<std::byte> scratch;
    for (std::size_t m = 0; m < kind.size(); ++m) {
      const analysis::Histogram& h = kind[m];
      if (h.counts.empty()) continue;  // the base's ΔNLL and KL
      STORE_ASSIGN(q, c.prepare("INSERT INTO run_histograms (run_id, map_index, kind, lo, hi, counts) "
                                "VALUES (?, ?, ?, ?, ?, ?)"));
      q.bind(1, run_id).bind(2, m).bind(3, name).bind(4, h.lo).bind(5, h.hi)
          .bind_blob(6, le_bytes(std::span<const std::int64_t>(h.counts), scratch));
      STORE_TRY(q.run());
    }
    return {};
  };
  STORE_TRY(write(histograms->delta_nll, "delta_nll"));
  STORE_TRY(write(histograms->kl_base_tuned, "kl_base_tuned"));
  return write(histograms->entropy, "entropy");
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
  STORE_ASSIGN(list, string_list_from_json(q.column_text(0)));
  list.insert(list.end(), warnings.begin(), warnings.end());
  const std::string json = to_json(list);
  STORE_ASSIGN(u, c.prepare("UPDATE runs SET warnings_json = ? WHERE id = ?"));
  u.bind(1, std::string_view(json)).bind(2, run_id);
  return u.run();
}

Result<void> mark_finished(Connection& c, std::int64_t run_id, RunStatus status) {
  STORE_ASSIGN(q, c.prepare("UPDATE runs SET status = ?, finished_ms = ? WHERE id = ?"));
  q.bind(1, to_string(status)).bind(2, now_ms()).bind(3, run_id);
  return q.run();
}

}  // namespace core::store::detail
