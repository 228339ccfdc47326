#include "core/store/library.h"

#include <nlohmann/json.hpp>

#include "core/store/detail/access.h"
#include "core/store/detail/owner.h"
#include "core/store/detail/sqlite.h"

namespace core::store {

using detail::Connection;
using detail::Transaction;

namespace {

Result<void> require_json(const Connection& c, const std::string& json, const char* what) {
  if (nlohmann::json::accept(json)) return {};
  return fail(ErrorCode::InvalidInput, std::string(what) + " is not valid JSON", c.path());
}

Result<void> require_name(const Connection& c, const std::string& name, const char* what) {
  if (!name.empty()) return {};
  return fail(ErrorCode::InvalidInput, std::string(what) + " needs a name", c.path());
}

Result<PromptRecord> read_prompt(Connection& c, std::int64_t id) {
  PromptRecord p;
  {
    STORE_ASSIGN(q, c.prepare("SELECT id, name, created_ms, tags_json, note FROM prompts WHERE id = ?"));
    q.bind(1, id);
    STORE_ASSIGN(row, q.step());
    if (!row) return fail(ErrorCode::NotFound, "the session has no prompt " + std::to_string(id), c.path());
    p.id = q.column_int64(0);
    p.name = q.column_text(1);
    p.created_ms = q.column_int64(2);
    const auto tags = nlohmann::json::parse(q.column_text(3), nullptr, false);
    if (!tags.is_array())
      return fail(ErrorCode::Corrupt, "prompt \u201c" + p.name + "\u201d has unreadable tags", c.path());
    for (const auto& t : tags)
      if (t.is_string()) p.tags.push_back(t.get<std::string>());
    p.note = q.column_text(4);
  }
  STORE_ASSIGN(q, c.prepare("SELECT id, text, created_ms FROM prompt_versions WHERE prompt_id = ? ORDER BY id"));
  q.bind(1, id);
  while (true) {
    STORE_ASSIGN(row, q.step());
    if (!row) break;
    p.versions.push_back({q.column_int64(0), q.column_text(1), q.column_int64(2)});
  }
  return p;
}

Result<std::optional<std::int64_t>> id_by_name(Connection& c, const char* sql, const std::string& name) {
  STORE_ASSIGN(q, c.prepare(sql));
  q.bind(1, std::string_view(name));
  STORE_ASSIGN(row, q.step());
  if (!row) return std::optional<std::int64_t>();
  return std::optional<std::int64_t>(q.column_int64(0));
}

// Runs one statement binding (value, id) in its own transaction; NotFound when it changed no row.
template <class Value>
Result<void> update_one(Connection& c, const char* sql, const Value& value, std::int64_t id, const char* doing,
                        const char* thing) {
  STORE_ASSIGN(tx, Transaction::begin(c, doing));
  {
    STORE_ASSIGN(q, c.prepare(sql));
    q.bind(1, value).bind(2, id);
    STORE_TRY(q.run());
  }
  if (c.changes() == 0)
    return fail(ErrorCode::NotFound, std::string("the session has no ") + thing + " " + std::to_string(id), c.path());
  return tx.commit();
}

Result<void> delete_one(Connection& c, const char* sql, std::int64_t id, const char* doing, const char* thing) {
  STORE_ASSIGN(tx, Transaction::begin(c, doing));
  {
    STORE_ASSIGN(q, c.prepare(sql));
    q.bind(1, id);
    STORE_TRY(q.run());
  }
  if (c.changes() == 0)
    return fail(ErrorCode::NotFound, std::string("the session has no ") + thing + " " + std::to_string(id), c.path());
  return tx.commit();
}

AnnotationRecord annotation_from_row(const detail::Statement& q) {
  AnnotationRecord a;
  a.id = q.column_int64(0);
  a.territory_id = q.column_int64(1);
  a.document_index = q.column_int64(2);
  a.span_start = q.column_int64(3);
  a.span_end = q.column_int64(4);
  a.note = q.column_text(5);
  a.created_ms = q.column_int64(6);
  a.modified_ms = q.column_int64(7);
  if (!q.column_is_null(8)) {
    a.text_start = q.column_int64(8);
    a.text_end = q.column_int64(9);
  }
  return a;
}

#define ANNOTATION_COLUMNS \
  "id, territory_id, doc_index, span_start, span_end, note, created_ms, modified_ms, text_start, text_end"

}  // namespace

Result<PromptRecord> Library::save_prompt(const std::string& name, const std::string& text) {
  Connection& c = detail::connection(session_);
  STORE_TRY(require_name(c, name, "a prompt"));
  STORE_ASSIGN(tx, Transaction::begin(c, "saving a prompt"));
  const std::int64_t now = detail::now_ms();
  STORE_ASSIGN(existing, id_by_name(c, "SELECT id FROM prompts WHERE name = ?", name));
  std::int64_t id = 0;
  bool changed = true;
  if (existing) {
    id = *existing;
    STORE_ASSIGN(q, c.prepare("SELECT text FROM prompt_versions WHERE prompt_id = ? ORDER BY id DESC LIMIT 1"));
    q.bind(1, id);
    STORE_ASSIGN(row, q.step());
    changed = !row || q.column_text(0) != text;
  } else {
    STORE_ASSIGN(q, c.prepare("INSERT INTO prompts (name, created_ms) VALUES (?, ?)"));
    q.bind(1, std::string_view(name)).bind(2, now);
    STORE_TRY(q.run());
    id = c.last_insert_rowid();
  }
  if (changed) {
    STORE_ASSIGN(q, c.prepare("INSERT INTO prompt_versions (prompt_id, text, created_ms) VALUES (?, ?, ?)"));
    q.bind(1, id).bind(2, std::string_view(text)).bind(3, now);
    STORE_TRY(q.run());
  }
  STORE_ASSIGN(record, read_prompt(c, id));
  STORE_TRY(tx.commit());
  return record;
}

Result<std::optional<PromptRecord>> Library::prompt(const std::string& name) {
  Connection& c = detail::connection(session_);
  detail::ReadSnapshot snapshot(c);
  STORE_ASSIGN(id, id_by_name(c, "SELECT id FROM prompts WHERE name = ?", name));
  if (!id) return std::optional<PromptRecord>();
  STORE_ASSIGN(record, read_prompt(c, *id));
  return std::optional<PromptRecord>(std::move(record));
}

Result<std::vector<PromptRecord>> Library::prompts() {
  Connection& c = detail::connection(session_);
  detail::ReadSnapshot snapshot(c);
  std::vector<std::int64_t> ids;
  {
    STORE_ASSIGN(q, c.prepare("SELECT id FROM prompts ORDER BY name"));
    while (true) {
      STORE_ASSIGN(row, q.step());
      if (!row) break;
      ids.push_back(q.column_int64(0));
    }
  }
  std::vector<PromptRecord> all;
  for (auto id : ids) {
    STORE_ASSIGN(p, read_prompt(c, id));
    all.push_back(std::move(p));
  }
  return all;
}

Result<void> Library::rename_prompt(std::int64_t id, const std::string& name) {
  Connection& c = detail::connection(session_);
  STORE_TRY(require_name(c, name, "a prompt"));
  return update_one(c, "UPDATE prompts SET name = ? WHERE id = ?", std::string_view(name), id,
                    "renaming a prompt", "prompt");
}

Result<void> Library::delete_prompt(std::int64_t id) {
  return delete_one(detail::connection(session_), "DELETE FROM prompts WHERE id = ?", id, "deleting a prompt",
                    "prompt");
}

Result<SliceRecord> Library::save_slice(const std::string& name, const std::string& definition_json) {
  Connection& c = detail::connection(session_);
  STORE_TRY(require_name(c, name, "a slice"));
  STORE_TRY(require_json(c, definition_json, "the slice's definition"));
  STORE_ASSIGN(tx, Transaction::begin(c, "saving a slice"));
  const std::int64_t now = detail::now_ms();
  {
    STORE_ASSIGN(q, c.prepare("INSERT INTO slices (name, definition_json, created_ms, modified_ms) "
                              "VALUES (?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET "
                              "definition_json = excluded.definition_json, modified_ms = excluded.modified_ms"));
    q.bind(1, std::string_view(name)).bind(2, std::string_view(definition_json)).bind(3, now).bind(4, now);
    STORE_TRY(q.run());
  }
  SliceRecord s;
  {
    STORE_ASSIGN(q, c.prepare("SELECT id, name, definition_json, created_ms, modified_ms FROM slices WHERE name = ?"));
    q.bind(1, std::string_view(name));
    STORE_TRY(q.step());
    s = {q.column_int64(0), q.column_text(1), q.column_text(2), q.column_int64(3), q.column_int64(4)};
  }
  STORE_TRY(tx.commit());
  return s;
}

Result<std::vector<SliceRecord>> Library::slices() {
  Connection& c = detail::connection(session_);
  STORE_ASSIGN(q, c.prepare("SELECT id, name, definition_json, created_ms, modified_ms FROM slices ORDER BY name"));
  std::vector<SliceRecord> all;
  while (true) {
    STORE_ASSIGN(row, q.step());
    if (!row) break;
    all.push_back({q.column_int64(0), q.column_text(1), q.column_text(2), q.column_int64(3), q.column_int64(4)});
  }
  return all;
}

Result<void> Library::delete_slice(std::int64_t id) {
  return delete_one(detail::connection(session_), "DELETE FROM slices WHERE id = ?", id, "deleting a slice",
                    "slice");
}

Result<AnnotationRecord> Library::add_annotation(std::int64_t territory_id, std::int64_t document_index,
                                                 std::int64_t span_start, std::int64_t span_end,
                                                 const std::string& note) {
  Connection& c = detail::connection(session_);
  if (span_start < 0 || span_end < span_start)
    return fail(ErrorCode::InvalidInput,
                "an annotation's token span must satisfy 0 <= start <= end (got " + std::to_string(span_start) +
                    ".." + std::to_string(span_end) + ")",
                c.path());
  STORE_ASSIGN(tx, Transaction::begin(c, "adding an annotation"));
  {
    STORE_ASSIGN(q, c.prepare("SELECT 1 FROM documents WHERE territory_id = ? AND doc_index = ?"));
    q.bind(1, territory_id).bind(2, document_index);
    STORE_ASSIGN(row, q.step());
    if (!row)
      return fail(ErrorCode::NotFound,
                  "territory " + std::to_string(territory_id) + " has no document " + std::to_string(document_index),
                  c.path());
  }
  const std::int64_t now = detail::now_ms();
  {
    STORE_ASSIGN(q, c.prepare("INSERT INTO annotations (territory_id, doc_index, span_start, span_end, note, "
                              "created_ms, modified_ms) VALUES (?, ?, ?, ?, ?, ?, ?)"));
    q.bind(1, territory_id).bind(2, document_index).bind(3, span_start).bind(4, span_end)
        .bind(5, std::string_view(note)).bind(6, now).bind(7, now);
    STORE_TRY(q.run());
  }
  AnnotationRecord a{c.last_insert_rowid(), territory_id, document_index, span_start, span_end, -1, -1, note, now, now};
  STORE_TRY(tx.commit());
  return a;
}

Result<void> Library::update_annotation(std::int64_t id, const std::string& note) {
  Connection& c = detail::connection(session_);
  STORE_ASSIGN(tx, Transaction::begin(c, "editing an annotation"));
  {
    STORE_ASSIGN(q, c.prepare("UPDATE annotations SET note = ?, modified_ms = ? WHERE id = ?"));
    q.bind(1, std::string_view(note)).bind(2, detail::now_ms()).bind(3, id);
    STORE_TRY(q.run());
  }
  if (c.changes() == 0)
    return fail(ErrorCode::NotFound, "the session has no annotation " + std::to_string(id), c.path());
  return tx.commit();
}

Result<void> Library::delete_annotation(std::int64_t id) {
  return delete_one(detail::connection(session_), "DELETE FROM annotations WHERE id = ?", id,
                    "deleting an annotation", "annotation");
}

Result<std::vector<AnnotationRecord>> Library::annotations(std::int64_t territory_id) {
  Connection& c = detail::connection(session_);
  STORE_ASSIGN(q, c.prepare("SELECT " ANNOTATION_COLUMNS
                            " FROM annotations WHERE territory_id = ? ORDER BY doc_index, span_start, id"));
  q.bind(1, territory_id);
  std::vector<AnnotationRecord> all;
  while (true) {
    STORE_ASSIGN(row, q.step());
    if (!row) break;
    all.push_back(annotation_from_row(q));
  }
  return all;
}

Result<std::vector<AnnotationRecord>> Library::annotations(std::int64_t territory_id, std::int64_t document_index) {
  Connection& c = detail::connection(session_);
  STORE_ASSIGN(q, c.prepare("SELECT " ANNOTATION_COLUMNS
                            " FROM annotations WHERE territory_id = ? AND doc_index = ? ORDER BY span_start, id"));
  q.bind(1, territory_id).bind(2, document_index);
  std::vector<AnnotationRecord> all;
  while (true) {
    STORE_ASSIGN(row, q.step());
    if (!row) break;
    all.push_back(annotation_from_row(q));
  }
  return all;
}

Result<void> Library::set_view_state(const std::string& key, const std::string& json) {
  Connection& c = detail::connection(session_);
  STORE_TRY(require_name(c, key, "a view state"));
  STORE_TRY(require_json(c, json, "the view state"));
  STORE_ASSIGN(tx, Transaction::begin(c, "saving the view state"));
  {
    STORE_ASSIGN(q, c.prepare("INSERT OR REPLACE INTO view_state (key, value_json) VALUES (?, ?)"));
    q.bind(1, std::string_view(key)).bind(2, std::string_view(json));
    STORE_TRY(q.run());
  }
  return tx.commit();
}

Result<std::optional<std::string>> Library::view_state(const std::string& key) {
  Connection& c = detail::connection(session_);
  STORE_ASSIGN(q, c.prepare("SELECT value_json FROM view_state WHERE key = ?"));
  q.bind(1, std::string_view(key));
  STORE_ASSIGN(row, q.step());
  if (!row) return std::optional<std::string>();
  return std::optional<std::string>(q.column_text(0));
}

Result<void> Library::erase_view_state(const std::string& key) {
  Connection& c = detail::connection(session_);
  STORE_ASSIGN(tx, Transaction::begin(c, "clearing the view state"));
  {
    STORE_ASSIGN(q, c.prepare("DELETE FROM view_state WHERE key = ?"));
    q.bind(1, std::string_view(key));
    STORE_TRY(q.run());
  }
  return tx.commit();
}

}  // namespace core::store
