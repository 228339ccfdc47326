#include "core/store/token_shifts.h"

#include <nlohmann/json.hpp>

#include <map>

#include "core/store/detail/access.h"
#include "core/store/detail/owner.h"
#include "core/store/detail/sqlite.h"

namespace core::store {
namespace {

using detail::Connection;

Result<void> insert_shift_prompt(Connection& c, std::int64_t shift, std::int64_t map, std::int64_t index,
                                 const ShiftPromptRecord& p) {
  if (p.tokens.size() != p.generated.size() || p.base_rank.size() != p.generated.size())
    return fail(ErrorCode::Internal, "a token shift's tokens, texts and ranks differ in length", c.path());
  // Bound without a copy: the text must outlive run().
  const std::string generated = nlohmann::json{{"ids", p.generated}, {"tokens", p.tokens}, {"base_rank", p.base_rank}}
                                    .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  STORE_ASSIGN(q, c.prepare("INSERT INTO token_shift_prompts (shift_id, map_index, prompt_index, prompt_version_id, "
                            "prompt_name, prompt_text, generated_json) VALUES (?, ?, ?, ?, ?, ?, ?)"));
  // The prompt's place in the whole prompt set (schema 9): its index in the record unless sharded.
  q.bind(1, shift).bind(2, map).bind(3, p.place >= 0 ? p.place : index);
  if (p.prompt_version_id > 0) q.bind(4, p.prompt_version_id);
  else q.bind_null(4);
  // Invalid UTF-8 in a token text (a lone byte token) is replaced, not refused: the ids are exact.
  q.bind(5, std::string_view(p.prompt_name)).bind(6, std::string_view(p.prompt_text))
      .bind(7, std::string_view(generated));
  return q.run();
}

std::string settings_json(const ShiftRecord& r) {
  nlohmann::json j = nlohmann::json::object();
  if (!r.device.empty()) j["device"] = r.device;
  if (!r.dtype.empty()) j["dtype"] = r.dtype;
  if (r.threads > 0) j["threads"] = r.threads;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// The whole record under `id` (0: a new id). The caller holds the transaction.
Result<std::int64_t> write_shift(Connection& c, const ShiftRecord& record, std::int64_t id) {
  std::int64_t prompt_count = record.prompt_count;
  if (prompt_count == 0 && !record.maps.empty()) prompt_count = std::int64_t(record.maps.front().prompts.size());
  {
    STORE_ASSIGN(q, c.prepare("INSERT INTO token_shifts (id, base_name, base_path, max_new_tokens, created_ms, "
                              "base_sha256, prompts_sha256, prompt_count, settings_json, versions_json) "
                              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    if (id > 0) q.bind(1, id);
    else q.bind_null(1);
    const std::string settings = settings_json(record);
    const std::string versions = nlohmann::json(record.versions).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    q.bind(2, std::string_view(record.base_name)).bind(3, std::string_view(record.base_path))
        .bind(4, record.max_new_tokens).bind(5, detail::now_ms()).bind(6, std::string_view(record.base_sha256))
        .bind(7, std::string_view(record.prompts_sha256)).bind(8, prompt_count).bind(9, std::string_view(settings))
        .bind(10, std::string_view(versions));
    STORE_TRY(q.run());
  }
  if (id <= 0) id = c.last_insert_rowid();
  for (std::size_t m = 0; m < record.maps.size(); ++m) {
    const ShiftMapRecord& map = record.maps[m];
    {
      STORE_ASSIGN(q, c.prepare("INSERT INTO token_shift_maps (shift_id, map_index, name, path, positions, "
                                "unshifted, marginal, shifted, sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
      q.bind(1, id).bind(2, std::int64_t(m)).bind(3, std::string_view(map.name)).bind(4, std::string_view(map.path))
          .bind(5, map.positions).bind(6, map.unshifted).bind(7, map.marginal).bind(8, map.shifted)
          .bind(9, std::string_view(map.sha256));
      STORE_TRY(q.run());
    }
    for (std::size_t p = 0; p < map.prompts.size(); ++p)
      STORE_TRY(insert_shift_prompt(c, id, std::int64_t(m), std::int64_t(p), map.prompts[p]));
  }
  for (std::size_t i = 0; i < record.shards_present.size(); ++i) {
    STORE_ASSIGN(q, c.prepare("INSERT INTO token_shift_shards (shift_id, shard_index, shard_count, source, added_ms) "
                              "VALUES (?, ?, ?, ?, ?)"));
    const std::string source = i < record.shard_sources.size() ? record.shard_sources[i] : std::string();
    q.bind(1, id).bind(2, record.shards_present[i]).bind(3, record.shard_count).bind(4, std::string_view(source))
        .bind(5, detail::now_ms());
    STORE_TRY(q.run());
  }
  return id;
}

}  // namespace

Result<std::int64_t> record_token_shift(SessionFile& session, const ShiftRecord& record) {
  Connection& c = detail::connection(session);
  STORE_TRY(c.require_writable("recording a token shift"));
  STORE_ASSIGN(tx, detail::Transaction::begin(c, "recording a token shift"));
  STORE_ASSIGN(id, write_shift(c, record, 0));
  STORE_TRY(tx.commit());
  return id;
}

Result<void> replace_token_shift(SessionFile& session, std::int64_t id, const ShiftRecord& record) {
  Connection& c = detail::connection(session);
  STORE_TRY(c.require_writable("replacing a token shift"));
  STORE_ASSIGN(tx, detail::Transaction::begin(c, "replacing a token shift"));
  {
    STORE_ASSIGN(q, c.prepare("DELETE FROM token_shifts WHERE id = ?"));
    q.bind(1, id);
    STORE_TRY(q.run());
  }
  STORE_TRY(write_shift(c, record, id));
  return tx.commit();
}

Result<std::vector<ShiftRecord>> token_shifts(SessionFile& session) {
  Connection& c = detail::connection(session);
  detail::ReadSnapshot snapshot(c);
  std::vector<ShiftRecord> all;
  std::map<std::int64_t, std::size_t> row_of;
  {
    STORE_ASSIGN(q, c.prepare("SELECT id, base_name, base_path, max_new_tokens, created_ms, base_sha256, prompts_sha256, "
                              "prompt_count, settings_json, versions_json FROM token_shifts ORDER BY id"));
    while (true) {
      STORE_ASSIGN(row, q.step());
      if (!row) break;
      ShiftRecord r;
      r.id = q.column_int64(0);
      r.base_name = q.column_text(1);
      r.base_path = q.column_text(2);
      r.max_new_tokens = q.column_int64(3);
      r.created_ms = q.column_int64(4);
      r.base_sha256 = q.column_text(5);
      r.prompts_sha256 = q.column_text(6);
      r.prompt_count = q.column_int64(7);
      try {
        const auto settings = nlohmann::json::parse(q.column_text(8));
        r.device = settings.value("device", std::string());
        r.dtype = settings.value("dtype", std::string());
        r.threads = settings.value("threads", 0);
        r.versions = nlohmann::json::parse(q.column_text(9)).get<std::map<std::string, std::string>>();
      } catch (const std::exception& e) {
        return fail(ErrorCode::Corrupt, "token shift " + std::to_string(r.id) + " holds unreadable settings", c.path(),
                    e.what());
      }
      row_of[r.id] = all.size();
      all.push_back(std::move(r));
    }
  }
  {
    STORE_ASSIGN(q, c.prepare("SELECT shift_id, name, path, positions, unshifted, marginal, shifted, sha256 "
                              "FROM token_shift_maps ORDER BY shift_id, map_index"));
    while (true) {
      STORE_ASSIGN(row, q.step());
      if (!row) break;
      ShiftMapRecord m;
      m.name = q.column_text(1);
      m.path = q.column_text(2);
      m.positions = q.column_int64(3);
      m.unshifted = q.column_int64(4);
      m.marginal = q.column_int64(5);
      m.shifted = q.column_int64(6);
      m.sha256 = q.column_text(7);
      all[row_of.at(q.column_int64(0))].maps.push_back(std::move(m));
    }
  }
  {
    STORE_ASSIGN(q, c.prepare("SELECT shift_id, shard_index, shard_count, source FROM token_shift_shards "
                              "ORDER BY shift_id, shard_index"));
    while (true) {
      STORE_ASSIGN(row, q.step());
      if (!row) break;
      ShiftRecord& r = all[row_of.at(q.column_int64(0))];
      if (r.shard_count && r.shard_count != q.column_int64(2))
        return fail(ErrorCode::Corrupt, "token shift " + std::to_string(r.id) + " lists shards of different counts",
                    c.path());
      r.shard_count = q.column_int64(2);
      r.shards_present.push_back(q.column_int64(1));
      r.shard_sources.push_back(q.column_text(3));
    }
  }
  STORE_ASSIGN(q, c.prepare("SELECT shift_id, map_index, prompt_version_id, prompt_name, prompt_text, generated_json, "
                            "prompt_index FROM token_shift_prompts ORDER BY shift_id, map_index, prompt_index"));
  while (true) {
    STORE_ASSIGN(row, q.step());
    if (!row) break;
    ShiftRecord& r = all[row_of.at(q.column_int64(0))];
    const auto map = std::size_t(q.column_int64(1));
    if (map >= r.maps.size())
      return fail(ErrorCode::Corrupt, "token shift " + std::to_string(r.id) + " has prompts of a map it lacks", c.path());
    ShiftPromptRecord p;
    p.prompt_version_id = q.column_is_null(2) ? 0 : q.column_int64(2);
    p.place = q.column_int64(6);
    p.prompt_name = q.column_text(3);
    p.prompt_text = q.column_text(4);
    try {
      const auto j = nlohmann::json::parse(q.column_text(5));
      p.generated = j.at("ids").get<std::vector<std::int32_t>>();
      p.tokens = j.at("tokens").get<std::vector<std::string>>();
      p.base_rank = j.at("base_rank").get<std::vector<std::int32_t>>();
    } catch (const std::exception& e) {
      return fail(ErrorCode::Corrupt, "token shift " + std::to_string(r.id) + " holds unreadable tokens", c.path(),
                  e.what());
    }
    r.maps[map].prompts.push_back(std::move(p));
  }
  return all;
}

}  // namespace core::store
