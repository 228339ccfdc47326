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
  q.bind(1, shift).bind(2, map).bind(3, index);
  if (p.prompt_version_id > 0) q.bind(4, p.prompt_version_id);
  else q.bind_null(4);
  // Invalid UTF-8 in a token text (a lone byte token) is replaced, not refused: the ids are exact.
  q.bind(5, std::string_view(p.prompt_name)).bind(6, std::string_view(p.prompt_text))
      .bind(7, std::string_view(generated));
  return q.run();
}

}  // namespace

Result<std::int64_t> record_token_shift(SessionFile& session, const ShiftRecord& record) {
  Connection& c = detail::connection(session);
  STORE_TRY(c.require_writable("recording a token shift"));
  STORE_ASSIGN(tx, detail::Transaction::begin(c, "recording a token shift"));
  {
    STORE_ASSIGN(q, c.prepare("INSERT INTO token_shifts (base_name, base_path, max_new_tokens, created_ms) "
                              "VALUES (?, ?, ?, ?)"));
    q.bind(1, std::string_view(record.base_name)).bind(2, std::string_view(record.base_path))
        .bind(3, record.max_new_tokens).bind(4, detail::now_ms());
    STORE_TRY(q.run());
  }
  const std::int64_t id = c.last_insert_rowid();
  for (std::size_t m = 0; m < record.maps.size(); ++m) {
    const ShiftMapRecord& map = record.maps[m];
    {
      STORE_ASSIGN(q, c.prepare("INSERT INTO token_shift_maps (shift_id, map_index, name, path, positions, "
                                "unshifted, marginal, shifted) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
      q.bind(1, id).bind(2, std::int64_t(m)).bind(3, std::string_view(map.name)).bind(4, std::string_view(map.path))
          .bind(5, map.positions).bind(6, map.unshifted).bind(7, map.marginal).bind(8, map.shifted);
      STORE_TRY(q.run());
    }
    for (std::size_t p = 0; p < map.prompts.size(); ++p)
      STORE_TRY(insert_shift_prompt(c, id, std::int64_t(m), std::int64_t(p), map.prompts[p]));
  }
  STORE_TRY(tx.commit());
  return id;
}

Result<std::vector<ShiftRecord>> token_shifts(SessionFile& session) {
  Connection& c = detail::connection(session);
  detail::ReadSnapshot snapshot(c);
  std::vector<ShiftRecord> all;
  std::map<std::int64_t, std::size_t> row_of;
  {
    STORE_ASSIGN(q, c.prepare("SELECT id, base_name, base_path, max_new_tokens, created_ms FROM token_shifts ORDER BY id"));
    while (true) {
      STORE_ASSIGN(row, q.step());
      if (!row) break;
      ShiftRecord r;
      r.id = q.column_int64(0);
      r.base_name = q.column_text(1);
      r.base_path = q.column_text(2);
      r.max_new_tokens = q.column_int64(3);
      r.created_ms = q.column_int64(4);
      row_of[r.id] = all.size();
      all.push_back(std::move(r));
    }
  }
  {
    STORE_ASSIGN(q, c.prepare("SELECT shift_id, name, path, positions, unshifted, marginal, shifted "
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
      all[row_of.at(q.column_int64(0))].maps.push_back(std::move(m));
    }
  }
  STORE_ASSIGN(q, c.prepare("SELECT shift_id, map_index, prompt_version_id, prompt_name, prompt_text, generated_json "
                            "FROM token_shift_prompts ORDER BY shift_id, map_index, prompt_index"));
  while (true) {
    STORE_ASSIGN(row, q.step());
    if (!row) break;
    ShiftRecord& r = all[row_of.at(q.column_int64(0))];
    const auto map = std::size_t(q.column_int64(1));
    if (map >= r.maps.size())
      return fail(ErrorCode::Corrupt, "token shift " + std::to_string(r.id) + " has prompts of a map it lacks", c.path());
    ShiftPromptRecord p;
    p.prompt_version_id = q.column_is_null(2) ? 0 : q.column_int64(2);
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
