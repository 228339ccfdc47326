#include "core/store/schema.h"

#include <string>

#include "core/store/detail/access.h"
#include "core/store/detail/document_statistics.h"
#include "core/store/detail/sqlite.h"
#include "core/store/session_file.h"

namespace core::store {
namespace {

// Version 1. Conventions: times are unix milliseconds (UTC); `doc_index` is a document's position in
// its territory; per-position arrays are BLOBs laid out as blob_codec.h says, NULL when absent; bulky
// rows (texts, tokens, tracks, samples) live in their own tables so that listing runs and documents
// never pages through them.
constexpr std::string_view kSchemaV1 = R"sql(
CREATE TABLE checkpoints (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  path TEXT NOT NULL,
  format TEXT NOT NULL,
  architecture TEXT NOT NULL,
  dtype TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  parameters INTEGER NOT NULL,
  vocab_size INTEGER NOT NULL,
  context_length INTEGER NOT NULL,
  config_json TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('base', 'tuned', 'zoomed')),
  lineage_order INTEGER NOT NULL,
  notes TEXT NOT NULL DEFAULT '',
  added_ms INTEGER NOT NULL
);
CREATE UNIQUE INDEX checkpoints_sha256 ON checkpoints(sha256) WHERE sha256 <> '';

CREATE TABLE checkpoint_weights (
  checkpoint_id INTEGER NOT NULL REFERENCES checkpoints(id) ON DELETE CASCADE,
  file_index INTEGER NOT NULL,
  path TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  PRIMARY KEY (checkpoint_id, file_index)
) WITHOUT ROWID;

CREATE TABLE territories (
  id INTEGER PRIMARY KEY,
  content_hash TEXT NOT NULL,
  source TEXT NOT NULL,
  documents INTEGER NOT NULL,
  bytes INTEGER NOT NULL,
  added_ms INTEGER NOT NULL
);
CREATE UNIQUE INDEX territories_content_hash ON territories(content_hash) WHERE content_hash <> '';

CREATE TABLE documents (
  territory_id INTEGER NOT NULL REFERENCES territories(id) ON DELETE CASCADE,
  doc_index INTEGER NOT NULL,
  name TEXT NOT NULL,
  byte_length INTEGER NOT NULL,
  metadata_json TEXT NOT NULL,
  PRIMARY KEY (territory_id, doc_index)
) WITHOUT ROWID;

CREATE TABLE document_texts (
  territory_id INTEGER NOT NULL,
  doc_index INTEGER NOT NULL,
  text TEXT NOT NULL,
  PRIMARY KEY (territory_id, doc_index),
  FOREIGN KEY (territory_id, doc_index) REFERENCES documents(territory_id, doc_index) ON DELETE CASCADE
);

CREATE TABLE vocabularies (
  id INTEGER PRIMARY KEY,
  hash INTEGER NOT NULL,
  count INTEGER NOT NULL,
  texts BLOB
);
CREATE INDEX vocabularies_hash ON vocabularies(hash);

CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  territory_id INTEGER NOT NULL REFERENCES territories(id),
  territory_source TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('running', 'interrupted', 'cancelled', 'failed', 'complete')),
  prompt TEXT NOT NULL,
  settings_json TEXT NOT NULL,
  versions_json TEXT NOT NULL,
  warnings_json TEXT NOT NULL,
  window_tokens INTEGER NOT NULL,
  stride_tokens INTEGER NOT NULL,
  vocabulary_id INTEGER REFERENCES vocabularies(id),
  documents_total INTEGER NOT NULL,
  documents_done INTEGER NOT NULL DEFAULT 0,
  created_ms INTEGER NOT NULL,
  finished_ms INTEGER,
  owner TEXT NOT NULL DEFAULT ''
);
CREATE INDEX runs_territory ON runs(territory_id);
CREATE INDEX runs_vocabulary ON runs(vocabulary_id);

CREATE TABLE run_maps (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  map_index INTEGER NOT NULL,
  checkpoint_id INTEGER NOT NULL REFERENCES checkpoints(id),
  role TEXT NOT NULL CHECK (role IN ('base', 'tuned', 'zoomed')),
  name TEXT,
  path TEXT NOT NULL,
  added_vocab INTEGER NOT NULL,
  PRIMARY KEY (run_id, map_index)
) WITHOUT ROWID;
CREATE INDEX run_maps_checkpoint ON run_maps(checkpoint_id);

CREATE TABLE run_summaries (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  map_index INTEGER NOT NULL,
  summary_json TEXT NOT NULL,
  PRIMARY KEY (run_id, map_index)
) WITHOUT ROWID;

CREATE TABLE run_projections (
  run_id INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
  explained_x REAL,
  explained_y REAL,
  point_count INTEGER NOT NULL,
  points BLOB
);

CREATE TABLE run_documents (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  doc_index INTEGER NOT NULL,
  token_count INTEGER NOT NULL,
  committed_ms INTEGER NOT NULL,
  tokens BLOB,
  UNIQUE (run_id, doc_index)
);

CREATE TABLE run_samples (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  doc_index INTEGER NOT NULL,
  sample_count INTEGER NOT NULL,
  hidden_dim INTEGER NOT NULL,
  positions BLOB,
  samples BLOB,
  UNIQUE (run_id, doc_index)
);

CREATE TABLE document_stats (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  doc_index INTEGER NOT NULL,
  map_index INTEGER NOT NULL,
  tokens INTEGER NOT NULL,
  nll_mean REAL,
  entropy_mean REAL,
  top1_accuracy REAL,
  kl_bt_mean REAL,
  kl_tb_mean REAL,
  js_mean REAL,
  kl_max REAL,
  bits_per_byte REAL,
  PRIMARY KEY (run_id, doc_index, map_index)
) WITHOUT ROWID;

CREATE TABLE tracks (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  doc_index INTEGER NOT NULL,
  map_index INTEGER NOT NULL,
  positions INTEGER NOT NULL,
  top_k INTEGER NOT NULL,
  temperature_stats BLOB,
  logp BLOB,
  entropy BLOB,
  rank BLOB,
  confidence BLOB,
  sum_p2 BLOB,
  kl_bt BLOB,
  kl_tb BLOB,
  js BLOB,
  kl_tz BLOB,
  added_mass BLOB,
  top_ids BLOB,
  top_p BLOB,
  UNIQUE (run_id, doc_index, map_index)
);

CREATE TABLE prompts (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  created_ms INTEGER NOT NULL
);
CREATE TABLE prompt_versions (
  id INTEGER PRIMARY KEY,
  prompt_id INTEGER NOT NULL REFERENCES prompts(id) ON DELETE CASCADE,
  text TEXT NOT NULL,
  created_ms INTEGER NOT NULL
);
CREATE INDEX prompt_versions_prompt ON prompt_versions(prompt_id, id);

CREATE TABLE slices (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  definition_json TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  modified_ms INTEGER NOT NULL
);

CREATE TABLE annotations (
  id INTEGER PRIMARY KEY,
  territory_id INTEGER NOT NULL REFERENCES territories(id) ON DELETE CASCADE,
  doc_index INTEGER NOT NULL,
  span_start INTEGER NOT NULL,
  span_end INTEGER NOT NULL CHECK (span_end >= span_start),
  note TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  modified_ms INTEGER NOT NULL
);
CREATE INDEX annotations_document ON annotations(territory_id, doc_index);

CREATE TABLE view_state (
  key TEXT PRIMARY KEY,
  value_json TEXT NOT NULL
) WITHOUT ROWID;
)sql";

// Version 2: a checkpoint the user removed from the lineage while runs still refer to it stays, marked
// with the time it was removed (0 = in the lineage); see edits.h.
constexpr std::string_view kSchemaV2 = R"sql(
ALTER TABLE checkpoints ADD COLUMN removed_ms INTEGER NOT NULL DEFAULT 0;
)sql";

// Version 3: the prompt library's tags and notes, and token shifts kept in the session (issue 14, part
// A; token_shifts.h). A token shift's prompt refers to the version it was decoded from; deleting the
// prompt leaves the result with its own copy of the text.
constexpr std::string_view kSchemaV3 = R"sql(
ALTER TABLE prompts ADD COLUMN tags_json TEXT NOT NULL DEFAULT '[]';
ALTER TABLE prompts ADD COLUMN note TEXT NOT NULL DEFAULT '';

CREATE TABLE token_shifts (
  id INTEGER PRIMARY KEY,
  base_name TEXT NOT NULL,
  base_path TEXT NOT NULL,
  max_new_tokens INTEGER NOT NULL,
  created_ms INTEGER NOT NULL
);
CREATE TABLE token_shift_maps (
  shift_id INTEGER NOT NULL REFERENCES token_shifts(id) ON DELETE CASCADE,
  map_index INTEGER NOT NULL,
  name TEXT NOT NULL,
  path TEXT NOT NULL,
  positions INTEGER NOT NULL,
  unshifted INTEGER NOT NULL,
  marginal INTEGER NOT NULL,
  shifted INTEGER NOT NULL,
  PRIMARY KEY (shift_id, map_index)
) WITHOUT ROWID;
CREATE TABLE token_shift_prompts (
  shift_id INTEGER NOT NULL REFERENCES token_shifts(id) ON DELETE CASCADE,
  map_index INTEGER NOT NULL,
  prompt_index INTEGER NOT NULL,
  prompt_version_id INTEGER REFERENCES prompt_versions(id) ON DELETE SET NULL,
  prompt_name TEXT NOT NULL,
  prompt_text TEXT NOT NULL,
  generated_json TEXT NOT NULL,
  PRIMARY KEY (shift_id, map_index, prompt_index)
) WITHOUT ROWID;
CREATE INDEX token_shift_prompts_version ON token_shift_prompts(prompt_version_id);
)sql";

// Version 4: zoom runs (core/analysis/zoom_run.h). A zoom run builds on an unprompted run (its K_0) and
// measures several prompts, each by the prompt_versions row it was computed with, against every tuned
// map: per prompt × map the aggregate over the territory (zoom_rows) and per document the KL to the
// zoomed base at each scored position (zoom_tracks, float32 BLOB), so slices and best prompts need no
// recomputation. The prompt's name and text are copied beside its version id so that deleting the
// prompt from the library (the id becomes NULL) leaves the result readable.
constexpr std::string_view kSchemaV4 = R"sql(
CREATE TABLE zoom_runs (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  window INTEGER NOT NULL,
  created_ms INTEGER NOT NULL,
  versions_json TEXT NOT NULL
);
CREATE INDEX zoom_runs_run ON zoom_runs(run_id);
CREATE TABLE zoom_prompts (
  zoom_run_id INTEGER NOT NULL REFERENCES zoom_runs(id) ON DELETE CASCADE,
  prompt_index INTEGER NOT NULL,
  prompt_version_id INTEGER REFERENCES prompt_versions(id) ON DELETE SET NULL,
  name TEXT NOT NULL,
  text TEXT NOT NULL,
  prefix_tokens INTEGER NOT NULL,
  PRIMARY KEY (zoom_run_id, prompt_index)
) WITHOUT ROWID;
CREATE TABLE zoom_rows (
  zoom_run_id INTEGER NOT NULL REFERENCES zoom_runs(id) ON DELETE CASCADE,
  prompt_index INTEGER NOT NULL,
  map_index INTEGER NOT NULL,
  tokens INTEGER NOT NULL,
  k0 REAL,
  kp REAL,
  zoom_recovered REAL,
  PRIMARY KEY (zoom_run_id, prompt_index, map_index)
) WITHOUT ROWID;
CREATE TABLE zoom_tracks (
  zoom_run_id INTEGER NOT NULL REFERENCES zoom_runs(id) ON DELETE CASCADE,
  prompt_index INTEGER NOT NULL,
  map_index INTEGER NOT NULL,
  doc_index INTEGER NOT NULL,
  kl_tz BLOB,
  PRIMARY KEY (zoom_run_id, prompt_index, map_index, doc_index)
);
)sql";

// Version 5: the studio's sample sets (core/store/sample_store.h). Apart from `run_samples`, which
// holds a run's projection samples: these are texts the maps generated side by side. A set keeps its
// settings and maps as JSON; each column its tokens and, as one float32 BLOB, the log-prob of every
// token under every column's map (row m = column m's map), so reopening never recomputes.
constexpr std::string_view kSchemaV5 = R"sql(
CREATE TABLE sample_sets (
  id INTEGER PRIMARY KEY,
  created_ms INTEGER NOT NULL,
  settings_json TEXT NOT NULL,
  prompt_ids BLOB,
  zoom_ids BLOB,
  steps INTEGER NOT NULL,
  decode_seconds REAL,
  score_seconds REAL
);
CREATE TABLE sample_columns (
  set_id INTEGER NOT NULL REFERENCES sample_sets(id) ON DELETE CASCADE,
  column_index INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('base', 'zoomed', 'tuned', 'amplified')),
  label TEXT NOT NULL,
  stop_reason TEXT NOT NULL,
  text TEXT NOT NULL,
  token_count INTEGER NOT NULL,
  ids BLOB,
  pieces_json TEXT NOT NULL,
  logp BLOB,
  PRIMARY KEY (set_id, column_index)
) WITHOUT ROWID;
)sql";

// Version 6: what reading a territory warned about (core/territory: a skipped JSONL line, replaced
// invalid UTF-8, a skipped file), kept with the territory so that a skip stays visible after reopening.
// At most territory::kMaxWarnings rows per territory; line 0 and byte_offset -1 mean "not applicable".
constexpr std::string_view kSchemaV6 = R"sql(
CREATE TABLE territory_warnings (
  territory_id INTEGER NOT NULL REFERENCES territories(id) ON DELETE CASCADE,
  warning_index INTEGER NOT NULL,
  path TEXT NOT NULL,
  line INTEGER NOT NULL,
  byte_offset INTEGER NOT NULL,
  message TEXT NOT NULL,
  PRIMARY KEY (territory_id, warning_index)
) WITHOUT ROWID;
)sql";

// Version 7: sharded runs (docs/ARCHITECTURE.md, "Sharded runs"). A run made by `compare --shard I/N`
// holds the documents of shard I only and has one row here; a run made by `merge` has a row per shard it
// folded in (`source` the shard's session file as given to merge). Runs without rows are ordinary runs.
// The territory and its hash are always the whole territory's.
constexpr std::string_view kSchemaV7 = R"sql(
CREATE TABLE run_shards (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  shard_index INTEGER NOT NULL CHECK (shard_index >= 0 AND shard_index < shard_count),
  shard_count INTEGER NOT NULL CHECK (shard_count >= 1),
  source TEXT NOT NULL,
  added_ms INTEGER NOT NULL,
  PRIMARY KEY (run_id, shard_index)
) WITHOUT ROWID;
)sql";

// Version 8 (issue 19): lineage as a tree, and annotations anchored to the document text.
// - `checkpoints.parent_id`: the checkpoint this one was tuned from, as the user set it (NULL = a root,
//   or not set: the GUI then shows a guess, see core/model/lineage_tree.h). Deleting the parent makes
//   its children roots.
// - `annotations.text_start/text_end`: the byte range [start, end) of the document's UTF-8 text the note
//   is pinned to; every run derives its own tokens from it (core/analysis/text_anchor.h). Notes written
//   before had only token positions of some base tokenization (`span_start/span_end`); the session
//   converts them when it is opened writable and a run over the territory holds the document's tokens
//   (convert_token_annotations, edits.h), and leaves them NULL (shown as "token-anchored") otherwise.
constexpr std::string_view kSchemaV8 = R"sql(
ALTER TABLE checkpoints ADD COLUMN parent_id INTEGER REFERENCES checkpoints(id) ON DELETE SET NULL;
ALTER TABLE annotations ADD COLUMN text_start INTEGER CHECK (text_start IS NULL OR text_start >= 0);
ALTER TABLE annotations ADD COLUMN text_end INTEGER CHECK (text_end IS NULL OR text_end >= text_start);
)sql";

// Version 9 (issue 18): sharded token shifts, and the batch of a zoom run.
// - A token shift records what `merge` must check before folding shards of one (docs/ARCHITECTURE.md,
//   "Sharded runs"): the weights' sha256 of its base and tuned maps (empty when not hashed: the Studio
//   names maps by path), the sha256 of its whole prompt set and how many prompts that set holds, the
//   settings that change results (device, dtype, threads as JSON) and the software versions.
//   `token_shift_prompts.prompt_index` is the prompt's place in that whole set (for a shift of all of
//   it, as before, its place in the record). A shift made by `shift --shard I/N` has one row in
//   `token_shift_shards`; a merged one a row per shard it folded in (`source` the shard's session as
//   given to merge). Older shifts hold their whole prompt set: its count is filled in from their prompts.
// - `zoom_runs.batch`: the windows per forward pass the zoom ran with (the batch groups it scores in,
//   so shards' zoom runs fold only when it agrees); NULL for zoom runs recorded before.
constexpr std::string_view kSchemaV9 = R"sql(
ALTER TABLE token_shifts ADD COLUMN base_sha256 TEXT NOT NULL DEFAULT '';
ALTER TABLE token_shifts ADD COLUMN prompts_sha256 TEXT NOT NULL DEFAULT '';
ALTER TABLE token_shifts ADD COLUMN prompt_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE token_shifts ADD COLUMN settings_json TEXT NOT NULL DEFAULT '{}';
ALTER TABLE token_shifts ADD COLUMN versions_json TEXT NOT NULL DEFAULT '{}';
ALTER TABLE token_shift_maps ADD COLUMN sha256 TEXT NOT NULL DEFAULT '';
UPDATE token_shifts SET prompt_count =
  (SELECT count(*) FROM token_shift_prompts p WHERE p.shift_id = token_shifts.id AND p.map_index = 0);
CREATE TABLE token_shift_shards (
  shift_id INTEGER NOT NULL REFERENCES token_shifts(id) ON DELETE CASCADE,
  shard_index INTEGER NOT NULL CHECK (shard_index >= 0 AND shard_index < shard_count),
  shard_count INTEGER NOT NULL CHECK (shard_count >= 1),
  source TEXT NOT NULL,
  added_ms INTEGER NOT NULL,
  PRIMARY KEY (shift_id, shard_index)
) WITHOUT ROWID;
ALTER TABLE zoom_runs ADD COLUMN batch INTEGER CHECK (batch IS NULL OR batch >= 1);
)sql";

// Version 10 (issue 20): a long document's results committed while it is still being scored
// (docs/ARCHITECTURE.md, "Long documents"). One row per (document, map) and range of scored positions
// [first_position, first_position + positions), appended every few seconds; the arrays are laid out as in
// `tracks` except top_p, kept float32 here, and `temperature_stats`, the sums over [0, first_position +
// positions) as the engine had them. `group_windows`: windows of the document's batch group scored at
// that commit. The map-0 row carries the projection samples taken in its range (float32). Readers of
// runs never look here: a document's parts are deleted when its whole-document rows are written, and
// only a resumed run reads them.
constexpr std::string_view kSchemaV10 = R"sql(
CREATE TABLE document_parts (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  doc_index INTEGER NOT NULL,
  map_index INTEGER NOT NULL,
  first_position INTEGER NOT NULL CHECK (first_position >= 0),
  positions INTEGER NOT NULL CHECK (positions > 0),
  group_windows INTEGER NOT NULL,
  top_k INTEGER NOT NULL,
  temperature_stats BLOB,
  logp BLOB,
  entropy BLOB,
  rank BLOB,
  confidence BLOB,
  sum_p2 BLOB,
  kl_bt BLOB,
  kl_tb BLOB,
  js BLOB,
  kl_tz BLOB,
  added_mass BLOB,
  top_ids BLOB,
  top_p BLOB,
  sample_positions BLOB,
  samples BLOB,
  UNIQUE (run_id, doc_index, map_index, first_position)
);
)sql";

// Version 11 (issue 20): the Overview's histograms of a complete run over every scored position
// (core/analysis/histogram.h), written by finish_run, so opening a run draws them without reading a
// track (docs/ARCHITECTURE.md, "Aggregates from the store"). One row per (map, kind); `counts` holds
// the bins as int64 little-endian. The base has no 'delta_nll' or 'kl_base_tuned' row. A run without
// rows (stored before this version, or not complete) is summarised from its tracks as before.
constexpr std::string_view kSchemaV11 = R"sql(
CREATE TABLE run_histograms (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  map_index INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('delta_nll', 'kl_base_tuned', 'entropy')),
  lo REAL NOT NULL,
  hi REAL NOT NULL,
  counts BLOB NOT NULL,
  PRIMARY KEY (run_id, map_index, kind)
) WITHOUT ROWID;
)sql";

// Version 12 (issue 20): a document's per-map statistics are one BLOB in its `run_documents` row
// (core/store/detail/document_statistics.h) instead of a `document_stats` row per map, so opening a run of
// a million documents reads a million rows, not four million (docs/ARCHITECTURE.md, "Lazy tracks"). The
// step packs every existing row into its document's blob and drops the table.
constexpr std::string_view kSchemaV12 = R"sql(
ALTER TABLE run_documents ADD COLUMN stats BLOB;
)sql";

constexpr Migration kMigrations[] = {
    {1, kSchemaV1},
    {2, kSchemaV2},
    {3, kSchemaV3},
    {4, kSchemaV4},
    {5, kSchemaV5},
    {6, kSchemaV6},
    {7, kSchemaV7},
    {8, kSchemaV8},
    {9, kSchemaV9},
    {10, kSchemaV10},
    {11, kSchemaV11},
    {12, kSchemaV12, detail::pack_document_stats_table},
};

}  // namespace

std::span<const Migration> migrations() { return kMigrations; }

int current_schema_version() { return kMigrations[std::size(kMigrations) - 1].version; }

Result<int> migrate(SessionFile& session, std::span<const Migration> list) {
  detail::Connection& c = detail::connection(session);
  auto tx = detail::Transaction::begin(c, "upgrading the session's schema");
  if (!tx) return std::unexpected(tx.error());
  auto from = c.query_int("PRAGMA user_version");
  if (!from) return std::unexpected(from.error());
  int version = int(*from);
  for (const Migration& m : list) {
    if (m.version <= version) continue;
    auto r = c.exec(m.sql);
    if (r && m.step) r = m.step(c);
    if (!r) {
      Error e = r.error();
      e.message = "upgrading the session to schema " + std::to_string(m.version) + " failed: " +
                  e.message + "; the session was left unchanged";
      return std::unexpected(std::move(e));
    }
    version = m.version;
  }
  if (auto r = c.exec("PRAGMA user_version = " + std::to_string(version) +
                      "; PRAGMA application_id = " + std::to_string(kApplicationId) + ";");
      !r)
    return std::unexpected(r.error());
  if (auto r = tx->commit(); !r) return std::unexpected(r.error());
  return version;
}

}  // namespace core::store
