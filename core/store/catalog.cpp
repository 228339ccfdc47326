#include "core/store/catalog.h"

#include "core/store/detail/access.h"
#include "core/store/detail/catalog_ops.h"
#include "core/store/detail/json_codec.h"
#include "core/store/detail/owner.h"
#include "core/store/detail/sqlite.h"

namespace core::store {

const char* role_name(MapRole role) {
  switch (role) {
    case MapRole::Base: return "base";
    case MapRole::Tuned: return "tuned";
    case MapRole::Zoomed: return "zoomed";
  }
  return "tuned";
}

std::optional<MapRole> role_from_name(const std::string& name) {
  if (name == "base") return MapRole::Base;
  if (name == "tuned") return MapRole::Tuned;
  if (name == "zoomed") return MapRole::Zoomed;
  return std::nullopt;
}

namespace detail {
namespace {

#define CHECKPOINT_COLUMNS \
    "id, name, path, format, architecture, dtype, sha256, parameters, vocab_size, context_length, " \
    "config_json, role, lineage_order, notes, added_ms, parent_id"

CheckpointRecord checkpoint_from_row(const Statement& q) {
  CheckpointRecord r;
  r.id = q.column_int64(0);
  r.name = q.column_text(1);
  r.path = q.column_text(2);
  r.format = q.column_text(3);
  r.architecture = q.column_text(4);
  r.dtype = q.column_text(5);
  r.sha256 = q.column_text(6);
  r.parameters = q.column_int64(7);
  r.vocab_size = q.column_int64(8);
  r.context_length = q.column_int64(9);
  r.config_json = q.column_text(10);
  r.role = role_from_name(q.column_text(11)).value_or(MapRole::Tuned);
  r.lineage_order = std::int32_t(q.column_int64(12));
  r.notes = q.column_text(13);
  r.added_ms = q.column_int64(14);
  r.parent_id = q.column_is_null(15) ? 0 : q.column_int64(15);
  return r;
}

Result<void> read_weights(Connection& c, CheckpointRecord& r) {
  STORE_ASSIGN(q, c.prepare("SELECT path, sha256, bytes FROM checkpoint_weights WHERE checkpoint_id = ? "
                            "ORDER BY file_index"));
  q.bind(1, r.id);
  r.weights.clear();
  while (true) {
    STORE_ASSIGN(row, q.step());
    if (!row) break;
    r.weights.push_back({q.column_text(0), q.column_text(1), q.column_int64(2)});
  }
  return {};
}

Result<std::optional<std::int64_t>> find_checkpoint_id(Connection& c, const CheckpointRecord& record) {
  STORE_ASSIGN(q, record.sha256.empty()
                      ? c.prepare("SELECT id FROM checkpoints WHERE sha256 = '' AND path = ?")
                      : c.prepare("SELECT id FROM checkpoints WHERE sha256 = ?"));
  q.bind(1, std::string_view(record.sha256.empty() ? record.path : record.sha256));
  STORE_ASSIGN(row, q.step());
  if (!row) return std::optional<std::int64_t>();
  return std::optional<std::int64_t>(q.column_int64(0));
}

Result<void> insert_weights(Connection& c, std::int64_t id, const std::vector<WeightFileRecord>& weights) {
  for (std::size_t i = 0; i < weights.size(); ++i) {
    STORE_ASSIGN(q, c.prepare("INSERT INTO checkpoint_weights (checkpoint_id, file_index, path, sha256, "
                              "bytes) VALUES (?, ?, ?, ?, ?)"));
    q.bind(1, id).bind(2, std::int64_t(i)).bind(3, std::string_view(weights[i].path))
        .bind(4, std::string_view(weights[i].sha256)).bind(5, weights[i].bytes);
    STORE_TRY(q.run());
  }
  return {};
}

}  // namespace

Result<std::int64_t> upsert_checkpoint(Connection& c, const CheckpointRecord& r) {
  STORE_ASSIGN(existing, find_checkpoint_id(c, r));
  if (existing) {
    // Adding a checkpoint the user had removed from the lineage brings it back (edits.h).
    {
      STORE_ASSIGN(back, c.prepare("UPDATE checkpoints SET removed_ms = 0 WHERE id = ? AND removed_ms <> 0"));
      back.bind(1, *existing);
      STORE_TRY(back.run());
    }
    if (!r.path.empty()) {
      STORE_ASSIGN(u, c.prepare("UPDATE checkpoints SET path = ? WHERE id = ? AND path <> ?"));
      u.bind(1, std::string_view(r.path)).bind(2, *existing).bind(3, std::string_view(r.path));
      STORE_TRY(u.run());
    }
    if (!r.weights.empty()) {
      STORE_ASSIGN(n, c.prepare("SELECT count(*) FROM checkpoint_weights WHERE checkpoint_id = ?"));
      n.bind(1, *existing);
      STORE_TRY(n.step());
      const bool has_weights = n.column_int64(0) > 0;
      if (!has_weights) STORE_TRY(insert_weights(c, *existing, r.weights));
    }
    return *existing;
  }
  STORE_ASSIGN(q, c.prepare("INSERT INTO checkpoints (name, path, format, architecture, dtype, sha256, "
                            "parameters, vocab_size, context_length, config_json, role, lineage_order, "
                            "notes, added_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  // The zoomed map is the base checkpoint under a prompt: as a checkpoint it is a base.
  const MapRole role = r.role == MapRole::Zoomed ? MapRole::Base : r.role;
  q.bind(1, std::string_view(r.name)).bind(2, std::string_view(r.path)).bind(3, std::string_view(r.format))
      .bind(4, std::string_view(r.architecture)).bind(5, std::string_view(r.dtype))
      .bind(6, std::string_view(r.sha256)).bind(7, r.parameters).bind(8, r.vocab_size)
      .bind(9, r.context_length).bind(10, std::string_view(r.config_json)).bind(11, role_name(role))
      .bind(12, std::int64_t(r.lineage_order)).bind(13, std::string_view(r.notes))
      .bind(14, r.added_ms ? r.added_ms : now_ms());
  STORE_TRY(q.run());
  const std::int64_t id = c.last_insert_rowid();
  STORE_TRY(insert_weights(c, id, r.weights));
  return id;
}

Result<std::int64_t> upsert_territory(Connection& c, const TerritoryRecord& t) {
  if (!t.content_hash.empty()) {
    STORE_ASSIGN(q, c.prepare("SELECT id FROM territories WHERE content_hash = ?"));
    q.bind(1, std::string_view(t.content_hash));
    STORE_ASSIGN(row, q.step());
    if (row) return q.column_int64(0);
  }
  for (std::size_t i = 0; i < t.documents.size(); ++i) {
    const DocumentRecord& d = t.documents[i];
    if (d.index != std::int64_t(i))
      return fail(ErrorCode::InvalidInput,
                  "territory documents must be numbered 0, 1, 2, ... in order; document " +
                      std::to_string(i) + " has index " + std::to_string(d.index),
                  c.path());
  }
  std::int64_t bytes = 0;
  for (const DocumentRecord& d : t.documents) bytes += d.byte_length ? d.byte_length : std::int64_t(d.text.size());
  STORE_ASSIGN(q, c.prepare("INSERT INTO territories (content_hash, source, documents, bytes, added_ms) "
                            "VALUES (?, ?, ?, ?, ?)"));
  q.bind(1, std::string_view(t.content_hash)).bind(2, std::string_view(t.source))
      .bind(3, std::int64_t(t.documents.size())).bind(4, bytes).bind(5, t.added_ms ? t.added_ms : now_ms());
  STORE_TRY(q.run());
  const std::int64_t id = c.last_insert_rowid();
  for (const DocumentRecord& d : t.documents) {
    const std::string metadata = to_json(d.metadata);
    STORE_ASSIGN(doc, c.prepare("INSERT INTO documents (territory_id, doc_index, name, byte_length, "
                                "metadata_json) VALUES (?, ?, ?, ?, ?)"));
    doc.bind(1, id).bind(2, d.index).bind(3, std::string_view(d.name))
        .bind(4, d.byte_length ? d.byte_length : std::int64_t(d.text.size()))
        .bind(5, std::string_view(metadata));
    STORE_TRY(doc.run());
    STORE_ASSIGN(text, c.prepare("INSERT INTO document_texts (territory_id, doc_index, text) VALUES (?, ?, ?)"));
    text.bind(1, id).bind(2, d.index).bind(3, std::string_view(d.text));
    STORE_TRY(text.run());
  }
  for (std::size_t i = 0; i < t.warnings.size(); ++i) {
    const TerritoryWarning& w = t.warnings[i];
    STORE_ASSIGN(warn, c.prepare("INSERT INTO territory_warnings (territory_id, warning_index, path, line, "
                                 "byte_offset, message) VALUES (?, ?, ?, ?, ?, ?)"));
    warn.bind(1, id).bind(2, std::int64_t(i)).bind(3, std::string_view(w.path)).bind(4, w.line)
        .bind(5, w.byte_offset).bind(6, std::string_view(w.message));
    STORE_TRY(warn.run());
  }
  return id;
}

Result<TerritoryRecord> read_territory(Connection& c, std::int64_t id) {
  STORE_ASSIGN(q, c.prepare("SELECT id, content_hash, source, documents, bytes, added_ms FROM territories "
                            "WHERE id = ?"));
  q.bind(1, id);
  STORE_ASSIGN(row, q.step());
  if (!row)
    return fail(ErrorCode::NotFound, "the session has no territory " + std::to_string(id), c.path());
  TerritoryRecord t;
  t.id = q.column_int64(0);
  t.content_hash = q.column_text(1);
  t.source = q.column_text(2);
  t.document_count = q.column_int64(3);
  t.bytes = q.column_int64(4);
  t.added_ms = q.column_int64(5);
  STORE_ASSIGN(w, c.prepare("SELECT path, line, byte_offset, message FROM territory_warnings "
                            "WHERE territory_id = ? ORDER BY warning_index"));
  w.bind(1, id);
  for (;;) {
    STORE_ASSIGN(more, w.step());
    if (!more) break;
    t.warnings.push_back({w.column_text(0), w.column_int64(1), w.column_int64(2), w.column_text(3)});
  }
  return t;
}

}  // namespace detail

using detail::Connection;
using detail::Transaction;

Result<std::int64_t> Catalog::add_checkpoint(const CheckpointRecord& record) {
  Connection& c = detail::connection(session_);
  STORE_ASSIGN(tx, Transaction::begin(c, "adding a checkpoint"));
  STORE_ASSIGN(id, detail::upsert_checkpoint(c, record));
  STORE_TRY(tx.commit());
  return id;
}

Result<std::optional<CheckpointRecord>> Catalog::find_checkpoint(const std::string& sha256) {
  Connection& c = detail::connection(session_);
  detail::ReadSnapshot snapshot(c);
  std::optional<std::int64_t> id;
  {
    STORE_ASSIGN(q, c.prepare("SELECT id FROM checkpoints WHERE sha256 = ? AND sha256 <> ''"));
    q.bind(1, std::string_view(sha256));
    STORE_ASSIGN(row, q.step());
    if (row) id = q.column_int64(0);
  }
  if (!id) return std::optional<CheckpointRecord>();
  STORE_ASSIGN(record, checkpoint(*id));
  return std::optional<CheckpointRecord>(std::move(record));
}

Result<CheckpointRecord> Catalog::checkpoint(std::int64_t id) {
  Connection& c = detail::connection(session_);
  detail::ReadSnapshot snapshot(c);
  CheckpointRecord r;
  {
    STORE_ASSIGN(q, c.prepare("SELECT " CHECKPOINT_COLUMNS
                              " FROM checkpoints WHERE id = ?"));
    q.bind(1, id);
    STORE_ASSIGN(row, q.step());
    if (!row)
      return fail(ErrorCode::NotFound, "the session has no checkpoint " + std::to_string(id), c.path());
    r = detail::checkpoint_from_row(q);
  }
  STORE_TRY(detail::read_weights(c, r));
  return r;
}

Result<std::vector<CheckpointRecord>> Catalog::checkpoints() {
  Connection& c = detail::connection(session_);
  detail::ReadSnapshot snapshot(c);
  std::vector<CheckpointRecord> all;
  {
    STORE_ASSIGN(q, c.prepare("SELECT " CHECKPOINT_COLUMNS
                              " FROM checkpoints WHERE removed_ms = 0 ORDER BY lineage_order, id"));
    while (true) {
      STORE_ASSIGN(row, q.step());
      if (!row) break;
      all.push_back(detail::checkpoint_from_row(q));
    }
  }
  for (auto& r : all) STORE_TRY(detail::read_weights(c, r));
  return all;
}

namespace {

// One UPDATE of one checkpoint in its own transaction; NotFound when the id is unknown.
template <class Value>
Result<void> update_checkpoint(SessionFile& session, const char* sql, std::int64_t id, const Value& value,
                               const char* doing) {
  Connection& c = detail::connection(session);
  STORE_ASSIGN(tx, Transaction::begin(c, doing));
  {
    STORE_ASSIGN(q, c.prepare(sql));
    q.bind(1, value).bind(2, id);
    STORE_TRY(q.run());
  }
  if (c.changes() == 0)
    return fail(ErrorCode::NotFound, "the session has no checkpoint " + std::to_string(id), c.path());
  return tx.commit();
}

}  // namespace

Result<void> Catalog::rename_checkpoint(std::int64_t id, const std::string& name) {
  if (name.empty()) return fail(ErrorCode::InvalidInput, "a checkpoint's name cannot be empty", session_.path().string());
  return update_checkpoint(session_, "UPDATE checkpoints SET name = ? WHERE id = ?", id,
                           std::string_view(name), "renaming a checkpoint");
}

Result<void> Catalog::set_checkpoint_role(std::int64_t id, MapRole role) {
  if (role == MapRole::Zoomed)
    return fail(ErrorCode::InvalidInput, "a checkpoint is a base or a tuned map; zoomed is a run's role",
                session_.path().string());
  return update_checkpoint(session_, "UPDATE checkpoints SET role = ? WHERE id = ?", id, role_name(role),
                           "changing a checkpoint's role");
}

Result<void> Catalog::set_checkpoint_notes(std::int64_t id, const std::string& notes) {
  return update_checkpoint(session_, "UPDATE checkpoints SET notes = ? WHERE id = ?", id,
                           std::string_view(notes), "saving a checkpoint's notes");
}

Result<void> Catalog::set_lineage_order(std::span<const std::int64_t> ids_in_order) {
  Connection& c = detail::connection(session_);
  STORE_ASSIGN(tx, Transaction::begin(c, "reordering checkpoints"));
  for (std::size_t i = 0; i < ids_in_order.size(); ++i) {
    STORE_ASSIGN(q, c.prepare("UPDATE checkpoints SET lineage_order = ? WHERE id = ?"));
    q.bind(1, std::int64_t(i)).bind(2, ids_in_order[i]);
    STORE_TRY(q.run());
    if (c.changes() == 0)
      return fail(ErrorCode::NotFound, "the session has no checkpoint " + std::to_string(ids_in_order[i]),
                  c.path());
  }
  return tx.commit();
}

Result<std::int64_t> Catalog::add_territory(const TerritoryRecord& territory) {
  Connection& c = detail::connection(session_);
  STORE_ASSIGN(tx, Transaction::begin(c, "adding a territory"));
  STORE_ASSIGN(id, detail::upsert_territory(c, territory));
  STORE_TRY(tx.commit());
  return id;
}

Result<std::optional<std::int64_t>> Catalog::find_territory(const std::string& content_hash) {
  Connection& c = detail::connection(session_);
  STORE_ASSIGN(q, c.prepare("SELECT id FROM territories WHERE content_hash = ? AND content_hash <> ''"));
  q.bind(1, std::string_view(content_hash));
  STORE_ASSIGN(row, q.step());
  if (!row) return std::optional<std::int64_t>();
  return std::optional<std::int64_t>(q.column_int64(0));
}

Result<TerritoryRecord> Catalog::territory(std::int64_t id) {
  return detail::read_territory(detail::connection(session_), id);
}

Result<std::vector<TerritoryRecord>> Catalog::territories() {
  Connection& c = detail::connection(session_);
  detail::ReadSnapshot snapshot(c);
  std::vector<std::int64_t> ids;
  {
    STORE_ASSIGN(q, c.prepare("SELECT id FROM territories ORDER BY id"));
    while (true) {
      STORE_ASSIGN(row, q.step());
      if (!row) break;
      ids.push_back(q.column_int64(0));
    }
  }
  std::vector<TerritoryRecord> all;
  for (auto id : ids) {
    STORE_ASSIGN(t, detail::read_territory(c, id));
    all.push_back(std::move(t));
  }
  return all;
}

Result<std::vector<DocumentRecord>> Catalog::documents(std::int64_t territory_id) {
  Connection& c = detail::connection(session_);
  STORE_ASSIGN(q, c.prepare("SELECT doc_index, name, byte_length, metadata_json FROM documents "
                            "WHERE territory_id = ? ORDER BY doc_index"));
  q.bind(1, territory_id);
  std::vector<DocumentRecord> docs;
  while (true) {
    STORE_ASSIGN(row, q.step());
    if (!row) break;
    DocumentRecord d;
    d.index = q.column_int64(0);
    d.name = q.column_text(1);
    d.byte_length = q.column_int64(2);
    STORE_ASSIGN(metadata, detail::string_map_from_json(q.column_text(3)));
    d.metadata = std::move(metadata);
    docs.push_back(std::move(d));
  }
  return docs;
}

Result<std::string> Catalog::document_text(std::int64_t territory_id, std::int64_t document_index) {
  Connection& c = detail::connection(session_);
  STORE_ASSIGN(q, c.prepare("SELECT text FROM document_texts WHERE territory_id = ? AND doc_index = ?"));
  q.bind(1, territory_id).bind(2, document_index);
  STORE_ASSIGN(row, q.step());
  if (!row)
    return fail(ErrorCode::NotFound,
                "territory " + std::to_string(territory_id) + " has no document " + std::to_string(document_index),
                c.path());
  return q.column_text(0);
}

}  // namespace core::store
