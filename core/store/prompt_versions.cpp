#include "core/store/prompt_versions.h"

#include "core/store/detail/access.h"
#include "core/store/detail/sqlite.h"

namespace core::store {
namespace {

constexpr const char* kVersionColumns =
    "SELECT p.id, v.id, p.name, v.text FROM prompt_versions v JOIN prompts p ON p.id = v.prompt_id ";

PromptVersionRef version_from_row(const detail::Statement& q) {
  return {q.column_int64(0), q.column_int64(1), q.column_text(2), q.column_text(3)};
}

}  // namespace

Result<PromptVersionRef> current_prompt_version(SessionFile& session, std::int64_t prompt_id) {
  detail::Connection& c = detail::connection(session);
  STORE_ASSIGN(q, c.prepare(std::string(kVersionColumns) + "WHERE p.id = ? ORDER BY v.id DESC LIMIT 1"));
  q.bind(1, prompt_id);
  STORE_ASSIGN(row, q.step());
  if (!row) return fail(ErrorCode::NotFound, "the session has no prompt " + std::to_string(prompt_id), c.path());
  return version_from_row(q);
}

Result<std::optional<PromptVersionRef>> find_prompt_version(SessionFile& session, std::int64_t prompt_id,
                                                            const std::string& text) {
  detail::Connection& c = detail::connection(session);
  STORE_ASSIGN(q, c.prepare(std::string(kVersionColumns) + "WHERE p.id = ? AND v.text = ? ORDER BY v.id DESC LIMIT 1"));
  q.bind(1, prompt_id).bind(2, std::string_view(text));
  STORE_ASSIGN(row, q.step());
  if (!row) return std::optional<PromptVersionRef>();
  return std::optional<PromptVersionRef>(version_from_row(q));
}

Result<PromptVersionRef> prompt_version(SessionFile& session, std::int64_t version_id) {
  detail::Connection& c = detail::connection(session);
  STORE_ASSIGN(q, c.prepare(std::string(kVersionColumns) + "WHERE v.id = ?"));
  q.bind(1, version_id);
  STORE_ASSIGN(row, q.step());
  if (!row)
    return fail(ErrorCode::NotFound, "the session has no prompt version " + std::to_string(version_id), c.path());
  return version_from_row(q);
}

}  // namespace core::store
