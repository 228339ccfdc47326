#include "core/store/zoom_store.h"

#include "core/store/blob_codec.h"
#include "core/store/detail/access.h"
#include "core/store/detail/owner.h"
#include "core/store/detail/sqlite.h"

namespace core::store {

using detail::Connection;
using detail::Transaction;

namespace {

std::string prompt_name(const analysis::ZoomPrompt& p) {
  if (!p.name.empty()) return p.name;
  std::string line = p.text.substr(0, p.text.find('\n'));
  if (line.size() > 48) line = line.substr(0, 48) + "…";
  return line.empty() ? std::string("prompt") : line;
}

Result<std::vector<std::string>> tuned_names(Connection& c, std::int64_t run_id) {
  STORE_ASSIGN(q, c.prepare("SELECT name, role FROM run_maps WHERE run_id = ? ORDER BY map_index"));
  q.bind(1, run_id);
  std::vector<std::string> names;
  while (true) {
    STORE_ASSIGN(row, q.step());
    if (!row) break;
    if (q.column_text(1) == "tuned") names.push_back(q.column_text(0));
  }
  return names;
}

}  // namespace

Result<std::vector<std::int64_t>> ZoomStore::prompt_versions(std::vector<analysis::ZoomPrompt>& prompts) {
  Connection& c = detail::connection(session_);
  STORE_ASSIGN(tx, Transaction::begin(c, "adding the zoom's prompts to the library"));
  std::vector<std::int64_t> ids;
  for (analysis::ZoomPrompt& p : prompts) {
    if (p.version_id == 0) {
      STORE_ASSIGN(q, c.prepare("SELECT id FROM prompt_versions WHERE text = ? ORDER BY id DESC LIMIT 1"));
      q.bind(1, std::string_view(p.text));
      STORE_ASSIGN(row, q.step());
      if (row) p.version_id = q.column_int64(0);
    }
    if (p.version_id == 0) {
      // A new prompt; its name made unique with a number when the library already uses it.
      const std::string base = prompt_name(p);
      std::string name = base;
      for (int n = 2;; ++n) {
        STORE_ASSIGN(q, c.prepare("SELECT 1 FROM prompts WHERE name = ?"));
        q.bind(1, std::string_view(name));
        STORE_ASSIGN(row, q.step());
        if (!row) break;
        name = base + " (" + std::to_string(n) + ")";
      }
      const std::int64_t now = detail::now_ms();
      {
        STORE_ASSIGN(q, c.prepare("INSERT INTO prompts (name, created_ms) VALUES (?, ?)"));
        q.bind(1, std::string_view(name)).bind(2, now);
        STORE_TRY(q.run());
      }
      const std::int64_t prompt_id = c.last_insert_rowid();
      STORE_ASSIGN(q, c.prepare("INSERT INTO prompt_versions (prompt_id, text, created_ms) VALUES (?, ?, ?)"));
      q.bind(1, prompt_id).bind(2, std::string_view(p.text)).bind(3, now);
      STORE_TRY(q.run());
      p.version_id = c.last_insert_rowid();
      if (p.name.empty()) p.name = name;
    }
    ids.push_back(p.version_id);
  }
  STORE_TRY(tx.commit());
  return ids;
}

Result<std::int64_t> ZoomStore::save(std::int64_t run_id, const analysis::ZoomResult& zoom,
                                     const std::vector<analysis::ZoomRow>& rows) {
  Connection& c = detail::connection(session_);
  for (const auto& p : zoom.prompts)
    if (p.version_id == 0)
      return fail(ErrorCode::InvalidInput, "prompt \"" + prompt_name(p) + "\" is not in the session's library", c.path());
  STORE_ASSIGN(tx, Transaction::begin(c, "saving a zoom run"));
  {
    STORE_ASSIGN(q, c.prepare("INSERT INTO zoom_runs (run_id, window, created_ms, versions_json, batch) "
                              "VALUES (?, ?, ?, '{}', ?)"));
    q.bind(1, run_id).bind(2, zoom.window).bind(3, detail::now_ms());
    if (zoom.batch > 0) q.bind(4, zoom.batch);
    else q.bind_null(4);
    STORE_TRY(q.run());
  }
  const std::int64_t id = c.last_insert_rowid();
  for (std::size_t p = 0; p < zoom.prompts.size(); ++p) {
    const auto& prompt = zoom.prompts[p];
    const std::string name = prompt_name(prompt);
    STORE_ASSIGN(q, c.prepare("INSERT INTO zoom_prompts (zoom_run_id, prompt_index, prompt_version_id, name, text, "
                              "prefix_tokens) VALUES (?, ?, ?, ?, ?, ?)"));
    q.bind(1, id).bind(2, std::int64_t(p)).bind(3, prompt.version_id).bind(4, std::string_view(name));
    q.bind(5, std::string_view(prompt.text)).bind(6, p < zoom.prefix_tokens.size() ? zoom.prefix_tokens[p] : 0);
    STORE_TRY(q.run());
  }
  for (const analysis::ZoomRow& r : rows) {
    STORE_ASSIGN(q, c.prepare("INSERT INTO zoom_rows (zoom_run_id, prompt_index, map_index, tokens, k0, kp, "
                              "zoom_recovered) VALUES (?, ?, ?, ?, ?, ?, ?)"));
    q.bind(1, id).bind(2, r.prompt).bind(3, r.map).bind(4, r.tokens).bind(5, r.k0).bind(6, r.kp).bind(7, r.zoom_recovered);
    STORE_TRY(q.run());
  }
  std::vector<std::byte> scratch;
  for (std::size_t p = 0; p < zoom.kl_tz.size(); ++p)
    for (std::size_t m = 0; m < zoom.kl_tz[p].size(); ++m)
      for (std::size_t d = 0; d < zoom.kl_tz[p][m].size(); ++d) {
        const auto& track = zoom.kl_tz[p][m][d];
        STORE_ASSIGN(q, c.prepare("INSERT INTO zoom_tracks (zoom_run_id, prompt_index, map_index, doc_index, kl_tz) "
                                  "VALUES (?, ?, ?, ?, ?)"));
        q.bind(1, id).bind(2, std::int64_t(p)).bind(3, std::int64_t(m + 1)).bind(4, std::int64_t(d));
        q.bind_blob(5, le_bytes(std::span<const float>(track), scratch));
        STORE_TRY(q.run());
      }
  STORE_TRY(tx.commit());
  return id;
}

Result<void> ZoomStore::remove(std::int64_t zoom_id) {
  Connection& c = detail::connection(session_);
  STORE_TRY(c.require_writable("deleting a zoom run"));
  STORE_ASSIGN(tx, Transaction::begin(c, "deleting a zoom run"));
  STORE_ASSIGN(q, c.prepare("DELETE FROM zoom_runs WHERE id = ?"));
  q.bind(1, zoom_id);
  STORE_TRY(q.run());
  return tx.commit();
}

Result<std::vector<ZoomListing>> ZoomStore::list(std::int64_t run_id) {
  Connection& c = detail::connection(session_);
  detail::ReadSnapshot snapshot(c);
  std::vector<ZoomListing> out;
  {
    STORE_ASSIGN(q, c.prepare("SELECT id, run_id, created_ms, window, batch FROM zoom_runs WHERE ? = 0 OR run_id = ? "
                              "ORDER BY id"));
    q.bind(1, run_id).bind(2, run_id);
    while (true) {
      STORE_ASSIGN(row, q.step());
      if (!row) break;
      out.push_back({q.column_int64(0), q.column_int64(1), q.column_int64(2), q.column_int64(3),
                     q.column_is_null(4) ? 0 : std::int32_t(q.column_int64(4)), {}, {}});
    }
  }
  for (ZoomListing& z : out) {
    {
      STORE_ASSIGN(q, c.prepare("SELECT prompt_version_id, name, text FROM zoom_prompts WHERE zoom_run_id = ? "
                                "ORDER BY prompt_index"));
      q.bind(1, z.id);
      while (true) {
        STORE_ASSIGN(row, q.step());
        if (!row) break;
        z.prompts.push_back({q.column_is_null(0) ? 0 : q.column_int64(0), q.column_text(1), q.column_text(2)});
      }
    }
    STORE_ASSIGN(q, c.prepare("SELECT prompt_index, map_index, tokens, k0, kp, zoom_recovered FROM zoom_rows "
                              "WHERE zoom_run_id = ? ORDER BY prompt_index, map_index"));
    q.bind(1, z.id);
    while (true) {
      STORE_ASSIGN(row, q.step());
      if (!row) break;
      z.rows.push_back({int(q.column_int64(0)), int(q.column_int64(1)), q.column_int64(2), q.column_double(3),
                        q.column_double(4), q.column_double(5)});
    }
  }
  return out;
}

Result<analysis::ZoomResult> ZoomStore::load(std::int64_t zoom_id) {
  Connection& c = detail::connection(session_);
  detail::ReadSnapshot snapshot(c);
  analysis::ZoomResult z;
  std::int64_t run_id = 0;
  {
    STORE_ASSIGN(q, c.prepare("SELECT run_id, window, batch FROM zoom_runs WHERE id = ?"));
    q.bind(1, zoom_id);
    STORE_ASSIGN(row, q.step());
    if (!row) return fail(ErrorCode::NotFound, "the session has no zoom run " + std::to_string(zoom_id), c.path());
    run_id = q.column_int64(0);
    z.window = q.column_int64(1);
    z.batch = q.column_is_null(2) ? 0 : std::int32_t(q.column_int64(2));
  }
  STORE_ASSIGN(names, tuned_names(c, run_id));
  z.map_names = names;
  STORE_ASSIGN(documents, c.query_int("SELECT documents_total FROM runs WHERE id = " + std::to_string(run_id)));
  {
    STORE_ASSIGN(q, c.prepare("SELECT prompt_version_id, name, text, prefix_tokens FROM zoom_prompts "
                              "WHERE zoom_run_id = ? ORDER BY prompt_index"));
    q.bind(1, zoom_id);
    while (true) {
      STORE_ASSIGN(row, q.step());
      if (!row) break;
      z.prompts.push_back({q.column_is_null(0) ? 0 : q.column_int64(0), q.column_text(1), q.column_text(2)});
      z.prefix_tokens.push_back(q.column_int64(3));
    }
  }
  z.kl_tz.assign(z.prompts.size(), std::vector<std::vector<std::vector<float>>>(
                                       z.map_names.size(), std::vector<std::vector<float>>(std::size_t(documents))));
  STORE_ASSIGN(q, c.prepare("SELECT prompt_index, map_index, doc_index, kl_tz FROM zoom_tracks WHERE zoom_run_id = ?"));
  q.bind(1, zoom_id);
  while (true) {
    STORE_ASSIGN(row, q.step());
    if (!row) break;
    const std::int64_t p = q.column_int64(0), m = q.column_int64(1), d = q.column_int64(2);
    const auto blob = q.column_blob(3);
    if (p < 0 || std::size_t(p) >= z.prompts.size() || m < 1 || std::size_t(m) > z.map_names.size() || d < 0 ||
        d >= documents || blob.size() % sizeof(float) != 0)
      return fail(ErrorCode::Corrupt, "zoom run " + std::to_string(zoom_id) + " has a track that fits none of its "
                                      "prompts, maps or documents", c.path());
    unpack_le(blob, z.kl_tz[std::size_t(p)][std::size_t(m - 1)][std::size_t(d)]);
  }
  return z;
}

}  // namespace core::store
