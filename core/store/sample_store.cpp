#include "core/store/sample_store.h"

#include <nlohmann/json.hpp>

#include "core/store/blob_codec.h"
#include "core/store/detail/access.h"
#include "core/store/detail/owner.h"
#include "core/store/detail/sqlite.h"

namespace core::store {

using analysis::SampleColumn;
using analysis::SampleSet;
using detail::Connection;
using detail::Transaction;
using nlohmann::json;

namespace {

json settings_json(const analysis::SampleSettings& s) {
  return {{"prompt", s.prompt},   {"zoom_prompt", s.zoom_prompt},   {"temperature", s.temperature},
          {"top_p", s.top_p},     {"seed", s.seed},                 {"max_new_tokens", s.max_new_tokens},
          {"amplified_tuned", s.amplified_tuned}, {"amplification", s.amplification}};
}

analysis::SampleSettings settings_from(const json& j) {
  analysis::SampleSettings s;
  s.prompt = j.value("prompt", "");
  s.zoom_prompt = j.value("zoom_prompt", "");
  s.temperature = j.value("temperature", 1.0);
  s.top_p = j.value("top_p", 1.0);
  s.seed = j.value("seed", std::uint64_t(0));
  s.max_new_tokens = j.value("max_new_tokens", std::int64_t(0));
  s.amplified_tuned = j.value("amplified_tuned", -1);
  s.amplification = j.value("amplification", 1.0);
  return s;
}

template <class T>
Result<std::vector<T>> read_array(const Connection& c, std::span<const std::byte> bytes, std::size_t count,
                                  const char* what) {
  if (bytes.size() != count * sizeof(T))
    return fail(ErrorCode::Corrupt, std::string("a sample set's ") + what + " holds " + std::to_string(bytes.size()) +
                                        " bytes where " + std::to_string(count * sizeof(T)) + " were expected",
                c.path());
  std::vector<T> out;
  unpack_le(bytes, out);
  return out;
}

}  // namespace

Result<std::int64_t> SampleStore::save(const SampleSet& set) {
  Connection& c = detail::connection(session_);
  for (const SampleColumn& col : set.columns) {
    const bool scored = col.logp.size() == set.columns.size();
    if (col.pieces.size() != col.ids.size() || (!col.logp.empty() && !scored))
      return fail(ErrorCode::InvalidInput, "the sample column '" + col.label + "' is inconsistent", c.path());
    for (const auto& row : col.logp)
      if (row.size() != col.ids.size())
        return fail(ErrorCode::InvalidInput, "the sample column '" + col.label + "' has scores of another length",
                    c.path());
  }
  STORE_TRY(c.require_writable("saving a sample set"));
  STORE_ASSIGN(tx, Transaction::begin(c, "saving a sample set"));
  std::vector<std::byte> scratch_a, scratch_b;
  {
    const std::string settings = settings_json(set.settings).dump();
    STORE_ASSIGN(q, c.prepare("INSERT INTO sample_sets (created_ms, settings_json, prompt_ids, zoom_ids, steps, "
                              "decode_seconds, score_seconds) VALUES (?, ?, ?, ?, ?, ?, ?)"));
    q.bind(1, detail::now_ms()).bind(2, std::string_view(settings));
    q.bind_blob(3, le_bytes(std::span<const std::int32_t>(set.prompt_ids), scratch_a));
    q.bind_blob(4, le_bytes(std::span<const std::int32_t>(set.zoom_ids), scratch_b));
    q.bind(5, set.steps).bind(6, set.decode_seconds).bind(7, set.score_seconds);
    STORE_TRY(q.run());
  }
  const std::int64_t id = c.last_insert_rowid();
  for (std::size_t i = 0; i < set.columns.size(); ++i) {
    const SampleColumn& col = set.columns[i];
    std::vector<float> logp;
    for (const auto& row : col.logp) logp.insert(logp.end(), row.begin(), row.end());
    const std::string pieces = json(col.pieces).dump(-1, ' ', false, json::error_handler_t::replace);
    STORE_ASSIGN(q, c.prepare("INSERT INTO sample_columns (set_id, column_index, kind, label, stop_reason, text, "
                              "token_count, ids, pieces_json, logp) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    q.bind(1, id).bind(2, std::int64_t(i)).bind(3, analysis::to_string(col.kind));
    q.bind(4, std::string_view(col.label)).bind(5, std::string_view(col.stop_reason)).bind(6, std::string_view(col.text));
    q.bind(7, std::int64_t(col.ids.size()));
    q.bind_blob(8, le_bytes(std::span<const std::int32_t>(col.ids), scratch_a));
    q.bind(9, std::string_view(pieces));
    q.bind_blob(10, le_bytes(std::span<const float>(logp), scratch_b));
    STORE_TRY(q.run());
  }
  STORE_TRY(tx.commit());
  return id;
}

Result<std::vector<SampleSetEntry>> SampleStore::list() {
  Connection& c = detail::connection(session_);
  detail::ReadSnapshot snapshot(c);
  std::vector<SampleSetEntry> out;
  {
    STORE_ASSIGN(q, c.prepare("SELECT id, created_ms, settings_json FROM sample_sets ORDER BY id DESC"));
    while (true) {
      STORE_ASSIGN(row, q.step());
      if (!row) break;
      const json settings = json::parse(q.column_text(2), nullptr, false);
      out.push_back({q.column_int64(0), q.column_int64(1),
                     settings.is_object() ? settings.value("prompt", "") : std::string(), {}});
    }
  }
  for (auto& e : out) {
    STORE_ASSIGN(q, c.prepare("SELECT label FROM sample_columns WHERE set_id = ? ORDER BY column_index"));
    q.bind(1, e.id);
    while (true) {
      STORE_ASSIGN(row, q.step());
      if (!row) break;
      e.labels.push_back(q.column_text(0));
    }
  }
  return out;
}

Result<SampleSet> SampleStore::load(std::int64_t id) {
  Connection& c = detail::connection(session_);
  detail::ReadSnapshot snapshot(c);
  SampleSet set;
  {
    STORE_ASSIGN(q, c.prepare("SELECT settings_json, prompt_ids, zoom_ids, steps, decode_seconds, score_seconds "
                              "FROM sample_sets WHERE id = ?"));
    q.bind(1, id);
    STORE_ASSIGN(row, q.step());
    if (!row) return fail(ErrorCode::NotFound, "the session has no sample set " + std::to_string(id), c.path());
    const json settings = json::parse(q.column_text(0), nullptr, false);
    if (!settings.is_object())
      return fail(ErrorCode::Corrupt, "sample set " + std::to_string(id) + " has unreadable settings", c.path());
    set.settings = settings_from(settings);
    unpack_le(q.column_blob(1), set.prompt_ids);
    unpack_le(q.column_blob(2), set.zoom_ids);
    set.steps = q.column_int64(3);
    set.decode_seconds = q.column_double(4);
    set.score_seconds = q.column_double(5);
  }
  STORE_ASSIGN(q, c.prepare("SELECT kind, label, stop_reason, text, token_count, ids, pieces_json, logp "
                            "FROM sample_columns WHERE set_id = ? ORDER BY column_index"));
  q.bind(1, id);
  std::vector<std::vector<float>> flat;
  while (true) {
    STORE_ASSIGN(row, q.step());
    if (!row) break;
    SampleColumn col;
    const auto kind = analysis::column_kind(q.column_text(0));
    if (!kind) return fail(ErrorCode::Corrupt, "sample set " + std::to_string(id) + " has a column of unknown kind", c.path());
    col.kind = *kind;
    col.label = q.column_text(1);
    col.stop_reason = q.column_text(2);
    col.text = q.column_text(3);
    const auto n = std::size_t(q.column_int64(4));
    STORE_ASSIGN(ids, read_array<std::int32_t>(c, q.column_blob(5), n, "tokens"));
    col.ids = std::move(ids);
    const json pieces = json::parse(q.column_text(6), nullptr, false);
    if (!pieces.is_array() || pieces.size() != n)
      return fail(ErrorCode::Corrupt, "sample set " + std::to_string(id) + " has unreadable token texts", c.path());
    for (const auto& p : pieces) col.pieces.push_back(p.is_string() ? p.get<std::string>() : std::string());
    std::vector<float> logp;
    unpack_le(q.column_blob(7), logp);
    flat.push_back(std::move(logp));
    set.columns.push_back(std::move(col));
  }
  // The scores' shape is known only once every column is read: [columns][tokens] per column.
  for (std::size_t i = 0; i < set.columns.size(); ++i) {
    auto& col = set.columns[i];
    const std::size_t n = col.ids.size(), m = set.columns.size();
    if (flat[i].empty() && n > 0) continue;  // not cross-scored
    if (flat[i].size() != n * m)
      return fail(ErrorCode::Corrupt, "sample set " + std::to_string(id) + " column '" + col.label +
                                          "' has scores of the wrong size", c.path());
    for (std::size_t s = 0; s < m; ++s)
      col.logp.emplace_back(flat[i].begin() + std::ptrdiff_t(s * n), flat[i].begin() + std::ptrdiff_t((s + 1) * n));
  }
  return set;
}

Result<void> SampleStore::remove(std::int64_t id) {
  Connection& c = detail::connection(session_);
  STORE_TRY(c.require_writable("deleting a sample set"));
  STORE_ASSIGN(tx, Transaction::begin(c, "deleting a sample set"));
  {
    STORE_ASSIGN(q, c.prepare("DELETE FROM sample_sets WHERE id = ?"));
    q.bind(1, id);
    STORE_TRY(q.run());
  }
  if (c.changes() == 0) return fail(ErrorCode::NotFound, "the session has no sample set " + std::to_string(id), c.path());
  return tx.commit();
}

}  // namespace core::store
