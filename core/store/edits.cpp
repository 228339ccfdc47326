#include "core/store/edits.h"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "core/store/detail/access.h"
#include "core/store/detail/catalog_ops.h"
#include "core/store/detail/owner.h"
#include "core/store/detail/sqlite.h"

namespace core::store {
namespace {

using detail::Connection;

Result<bool> row_exists(Connection& c, const char* sql, std::int64_t id) {
  STORE_ASSIGN(q, c.prepare(sql));
  q.bind(1, id);
  return q.step();
}

Result<void> run_with_id(Connection& c, const char* sql, std::int64_t id) {
  STORE_ASSIGN(q, c.prepare(sql));
  q.bind(1, id);
  return q.run();
}

Result<void> invalid(const Connection& c, const std::string& what) {
  return fail(ErrorCode::InvalidInput, what + ": the changes were not saved", c.path());
}

// ---------------------------------------------------------------- removals

Result<void> remove_checkpoint(Connection& c, std::int64_t id) {
  STORE_ASSIGN(used, row_exists(c, "SELECT 1 FROM run_maps WHERE checkpoint_id = ? LIMIT 1", id));
  if (!used) return run_with_id(c, "DELETE FROM checkpoints WHERE id = ?", id);
  // Runs keep their maps: the row stays, out of the lineage.
  STORE_ASSIGN(q, c.prepare("UPDATE checkpoints SET removed_ms = ? WHERE id = ? AND removed_ms = 0"));
  q.bind(1, detail::now_ms()).bind(2, id);
  return q.run();
}

Result<void> apply_removals(Connection& c, const SessionEdits& e) {
  for (std::int64_t id : e.removed_checkpoints) STORE_TRY(remove_checkpoint(c, id));
  for (std::int64_t id : e.removed_prompts) STORE_TRY(run_with_id(c, "DELETE FROM prompts WHERE id = ?", id));
  for (std::int64_t id : e.removed_slices) STORE_TRY(run_with_id(c, "DELETE FROM slices WHERE id = ?", id));
  for (std::int64_t id : e.removed_annotations)
    STORE_TRY(run_with_id(c, "DELETE FROM annotations WHERE id = ?", id));
  return {};
}

// ---------------------------------------------------------------- checkpoints

// The lineage's parents, once every checkpoint of the save has its store id (a parent may be one added
// in the same save). A parent the file does not hold, or one that closes a cycle, refuses the save.
Result<void> save_parents(Connection& c, const std::vector<CheckpointEdit>& list, const SavedEdits& saved) {
  const auto stored = [&saved](std::int64_t id) {
    const auto it = saved.checkpoints.find(id);
    return it == saved.checkpoints.end() ? id : it->second;
  };
  for (const CheckpointEdit& e : list) {
    const std::int64_t id = stored(e.id);
    const std::int64_t parent = e.parent_id == 0 ? 0 : stored(e.parent_id);
    if (parent != 0) {
      STORE_ASSIGN(known, row_exists(c, "SELECT 1 FROM checkpoints WHERE id = ?", parent));
      if (!known || parent == id)
        STORE_TRY(invalid(c, "checkpoint “" + e.name + "” names a parent the session does not hold"));
    }
    STORE_ASSIGN(q, c.prepare("UPDATE checkpoints SET parent_id = ? WHERE id = ? AND parent_id IS NOT ?"));
    if (parent != 0) q.bind(1, parent);
    else q.bind_null(1);
    q.bind(2, id);
    if (parent != 0) q.bind(3, parent);
    else q.bind_null(3);
    STORE_TRY(q.run());
  }
  // Walking up from every checkpoint must end at a root within as many steps as there are checkpoints.
  STORE_ASSIGN(cycle, c.prepare("WITH RECURSIVE up(start, at, steps) AS ("
                                " SELECT id, parent_id, 1 FROM checkpoints WHERE parent_id IS NOT NULL"
                                " UNION ALL SELECT up.start, k.parent_id, up.steps + 1 FROM up"
                                " JOIN checkpoints k ON k.id = up.at"
                                " WHERE k.parent_id IS NOT NULL AND up.steps <= (SELECT count(*) FROM checkpoints))"
                                " SELECT k.name FROM up JOIN checkpoints k ON k.id = up.start"
                                " WHERE up.at = up.start LIMIT 1"));
  STORE_ASSIGN(found, cycle.step());
  if (found) STORE_TRY(invalid(c, "checkpoint “" + cycle.column_text(0) + "” would descend from itself"));
  return {};
}

Result<void> save_checkpoints(Connection& c, const std::vector<CheckpointEdit>& list, SavedEdits& saved) {
  for (std::size_t i = 0; i < list.size(); ++i) {
    const CheckpointEdit& e = list[i];
    if (e.name.empty()) STORE_TRY(invalid(c, "a checkpoint's name cannot be empty"));
    if (e.role == MapRole::Zoomed)
      STORE_TRY(invalid(c, "a checkpoint is a base or a tuned map; zoomed is a run's role"));
    std::int64_t id = e.id;
    STORE_ASSIGN(known, row_exists(c, "SELECT 1 FROM checkpoints WHERE id = ?", id));
    if (!known) {
      CheckpointRecord r;
      r.name = e.name;
      r.path = e.path;
      r.format = e.format;
      r.sha256 = e.sha256;
      r.role = e.role;
      r.notes = e.notes;
      STORE_ASSIGN(added, detail::upsert_checkpoint(c, r));
      id = added;
      saved.checkpoints[e.id] = id;
    }
    STORE_ASSIGN(q, c.prepare("UPDATE checkpoints SET name = ?, role = ?, notes = ?, lineage_order = ?, "
                              "removed_ms = 0 WHERE id = ?"));
    q.bind(1, std::string_view(e.name)).bind(2, role_name(e.role)).bind(3, std::string_view(e.notes))
        .bind(4, std::int64_t(i)).bind(5, id);
    STORE_TRY(q.run());
  }
  return save_parents(c, list, saved);
}

// ---------------------------------------------------------------- prompts and slices

Result<void> add_prompt_version(Connection& c, std::int64_t id, const std::string& text, std::int64_t now) {
  STORE_ASSIGN(q, c.prepare("INSERT INTO prompt_versions (prompt_id, text, created_ms) VALUES (?, ?, ?)"));
  q.bind(1, id).bind(2, std::string_view(text)).bind(3, now);
  return q.run();
}

Result<std::vector<std::string>> stored_versions(Connection& c, std::int64_t id) {
  STORE_ASSIGN(q, c.prepare("SELECT text FROM prompt_versions WHERE prompt_id = ? ORDER BY id"));
  q.bind(1, id);
  std::vector<std::string> texts;
  while (true) {
    STORE_ASSIGN(row, q.step());
    if (!row) break;
    texts.push_back(q.column_text(0));
  }
  return texts;
}

// The texts to add after `stored` (see PromptEdit::history): the edit's history and text past the
// file's versions when they extend them, else the text alone when it is not the newest already.
std::vector<std::string> new_versions(const std::vector<std::string>& stored, const PromptEdit& e) {
  std::vector<std::string> given = e.history;
  given.push_back(e.text);
  std::vector<std::string> out;
  const bool extends = given.size() >= stored.size() && std::equal(stored.begin(), stored.end(), given.begin());
  const auto add = [&out, &stored](const std::string& t) {
    const std::string* last = !out.empty() ? &out.back() : !stored.empty() ? &stored.back() : nullptr;
    if (!last || *last != t) out.push_back(t);
  };
  if (extends) for (std::size_t i = stored.size(); i < given.size(); ++i) add(given[i]);
  else add(e.text);
  return out;
}

Result<void> save_prompts(Connection& c, const std::vector<PromptEdit>& list, SavedEdits& saved) {
  const std::int64_t now = detail::now_ms();
  for (const PromptEdit& e : list) {
    if (e.name.empty()) STORE_TRY(invalid(c, "a prompt needs a name"));
    STORE_ASSIGN(known, row_exists(c, "SELECT 1 FROM prompts WHERE id = ?", e.id));
    std::int64_t id = e.id;
    if (!known) {
      STORE_ASSIGN(q, c.prepare("INSERT INTO prompts (name, created_ms) VALUES (?, ?)"));
      q.bind(1, std::string_view(e.name)).bind(2, now);
      STORE_TRY(q.run());
      id = c.last_insert_rowid();
      saved.prompts[e.id] = id;
    } else {
      STORE_ASSIGN(q, c.prepare("UPDATE prompts SET name = ? WHERE id = ? AND name <> ?"));
      q.bind(1, std::string_view(e.name)).bind(2, e.id).bind(3, std::string_view(e.name));
      STORE_TRY(q.run());
    }
    {
      const std::string tags = nlohmann::json(e.tags).dump();  // bound without a copy: must outlive run()
      STORE_ASSIGN(q, c.prepare("UPDATE prompts SET tags_json = ?, note = ? WHERE id = ?"));
      q.bind(1, std::string_view(tags)).bind(2, std::string_view(e.note)).bind(3, id);
      STORE_TRY(q.run());
    }
    std::vector<std::string> stored;
    if (known) {
      STORE_ASSIGN(texts, stored_versions(c, id));
      stored = std::move(texts);
    }
    for (const std::string& text : new_versions(stored, e)) STORE_TRY(add_prompt_version(c, id, text, now));
  }
  return {};
}

Result<void> save_slices(Connection& c, const std::vector<SliceEdit>& list, SavedEdits& saved) {
  const std::int64_t now = detail::now_ms();
  for (const SliceEdit& e : list) {
    if (e.name.empty()) STORE_TRY(invalid(c, "a slice needs a name"));
    if (!nlohmann::json::accept(e.definition_json)) STORE_TRY(invalid(c, "slice “" + e.name + "” is not valid JSON"));
    STORE_ASSIGN(known, row_exists(c, "SELECT 1 FROM slices WHERE id = ?", e.id));
    if (!known) {
      STORE_ASSIGN(q, c.prepare("INSERT INTO slices (name, definition_json, created_ms, modified_ms) "
                                "VALUES (?, ?, ?, ?)"));
      q.bind(1, std::string_view(e.name)).bind(2, std::string_view(e.definition_json)).bind(3, now).bind(4, now);
      STORE_TRY(q.run());
      saved.slices[e.id] = c.last_insert_rowid();
      continue;
    }
    STORE_ASSIGN(q, c.prepare("UPDATE slices SET name = ?, definition_json = ?, modified_ms = ? "
                              "WHERE id = ? AND (name <> ? OR definition_json <> ?)"));
    q.bind(1, std::string_view(e.name)).bind(2, std::string_view(e.definition_json)).bind(3, now).bind(4, e.id)
        .bind(5, std::string_view(e.name)).bind(6, std::string_view(e.definition_json));
    STORE_TRY(q.run());
  }
  return {};
}

// ---------------------------------------------------------------- annotations

Result<std::int64_t> territory_of(Connection& c, const std::string& hash) {
  STORE_ASSIGN(q, c.prepare("SELECT id FROM territories WHERE content_hash = ? AND content_hash <> ''"));
  q.bind(1, std::string_view(hash));
  STORE_ASSIGN(row, q.step());
  if (!row)
    return fail(ErrorCode::NotFound,
                "a note refers to a territory this session does not hold (content " + hash +
                    "): the changes were not saved",
                c.path());
  return q.column_int64(0);
}

Result<void> add_annotation(Connection& c, const AnnotationEdit& e, std::int64_t now, SavedEdits& saved) {
  if (e.span_start < 0 || e.span_end < e.span_start)
    return invalid(c, "an annotation's token span must satisfy 0 <= start <= end");
  STORE_ASSIGN(territory, territory_of(c, e.territory_hash));
  STORE_ASSIGN(doc, c.prepare("SELECT 1 FROM documents WHERE territory_id = ? AND doc_index = ?"));
  doc.bind(1, territory).bind(2, e.document_index);
  STORE_ASSIGN(found, doc.step());
  if (!found)
    return fail(ErrorCode::NotFound, "a note refers to document " + std::to_string(e.document_index) +
                                         ", which its territory does not have: the changes were not saved",
                c.path());
  if (e.text_start >= 0 && e.text_end < e.text_start)
    return invalid(c, "an annotation's text range must satisfy 0 <= start <= end");
  STORE_ASSIGN(q, c.prepare("INSERT INTO annotations (territory_id, doc_index, span_start, span_end, note, "
                            "created_ms, modified_ms, text_start, text_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  q.bind(1, territory).bind(2, e.document_index).bind(3, e.span_start).bind(4, e.span_end)
      .bind(5, std::string_view(e.note)).bind(6, now).bind(7, now);
  if (e.text_start >= 0) q.bind(8, e.text_start).bind(9, e.text_end);
  else q.bind_null(8).bind_null(9);
  STORE_TRY(q.run());
  saved.annotations[e.id] = c.last_insert_rowid();
  return {};
}

Result<void> save_annotations(Connection& c, const std::vector<AnnotationEdit>& list, SavedEdits& saved) {
  const std::int64_t now = detail::now_ms();
  for (const AnnotationEdit& e : list) {
    STORE_ASSIGN(known, row_exists(c, "SELECT 1 FROM annotations WHERE id = ?", e.id));
    if (!known) {
      STORE_TRY(add_annotation(c, e, now, saved));
      continue;
    }
    STORE_ASSIGN(q, c.prepare("UPDATE annotations SET note = ?, modified_ms = ? WHERE id = ? AND note <> ?"));
    q.bind(1, std::string_view(e.note)).bind(2, now).bind(3, e.id).bind(4, std::string_view(e.note));
    STORE_TRY(q.run());
  }
  return {};
}

Result<void> save_view_state(Connection& c, const std::map<std::string, std::string>& view) {
  for (const auto& [key, json] : view) {
    if (!nlohmann::json::accept(json)) STORE_TRY(invalid(c, "the view state is not valid JSON"));
    STORE_ASSIGN(q, c.prepare("INSERT OR REPLACE INTO view_state (key, value_json) VALUES (?, ?)"));
    q.bind(1, std::string_view(key)).bind(2, std::string_view(json));
    STORE_TRY(q.run());
  }
  return {};
}

}  // namespace

Result<SavedEdits> save_edits(SessionFile& session, const SessionEdits& edits) {
  Connection& c = detail::connection(session);
  STORE_TRY(c.require_writable("saving the session's edits"));
  STORE_ASSIGN(tx, detail::Transaction::begin(c, "saving the session's edits"));
  SavedEdits saved;
  // Removals first: a name freed by a removed prompt or slice may be taken by a kept one.
  STORE_TRY(apply_removals(c, edits));
  STORE_TRY(save_checkpoints(c, edits.checkpoints, saved));
  STORE_TRY(save_prompts(c, edits.prompts, saved));
  STORE_TRY(save_slices(c, edits.slices, saved));
  STORE_TRY(save_annotations(c, edits.annotations, saved));
  STORE_TRY(save_view_state(c, edits.view_state));
  STORE_TRY(tx.commit());
  return saved;
}

}  // namespace core::store
