#include "core/store/detail/run_rows.h"

#include <cstring>

#include "core/store/detail/sqlite.h"

namespace core::store {

const char* to_string(RunStatus status) {
  switch (status) {
    case RunStatus::Running: return "running";
    case RunStatus::Interrupted: return "interrupted";
    case RunStatus::Cancelled: return "cancelled";
    case RunStatus::Failed: return "failed";
    case RunStatus::Complete: return "complete";
  }
  return "running";
}

std::optional<RunStatus> run_status_from_name(const std::string& name) {
  for (RunStatus s : {RunStatus::Running, RunStatus::Interrupted, RunStatus::Cancelled, RunStatus::Failed,
                      RunStatus::Complete})
    if (name == to_string(s)) return s;
  return std::nullopt;
}

namespace detail {

std::vector<std::byte> pack_texts(const std::vector<std::string>& texts) {
  std::size_t total = 0;
  for (const auto& t : texts) total += 4 + t.size();
  std::vector<std::byte> blob(total);
  std::size_t at = 0;
  for (const auto& t : texts) {
    const auto n = std::uint32_t(t.size());
    for (int b = 0; b < 4; ++b) blob[at + b] = std::byte((n >> (8 * b)) & 0xffu);
    if (!t.empty()) std::memcpy(blob.data() + at + 4, t.data(), t.size());
    at += 4 + t.size();
  }
  return blob;
}

Result<std::vector<std::string>> unpack_texts(std::span<const std::byte> blob, std::int64_t count) {
  std::vector<std::string> texts;
  if (count < 0 || std::uint64_t(count) > blob.size() / 4)
    return fail(ErrorCode::Corrupt, "the session file is corrupt: the token texts do not match their count");
  texts.reserve(std::size_t(count));
  std::size_t at = 0;
  for (std::int64_t i = 0; i < count; ++i) {
    if (blob.size() - at < 4)
      return fail(ErrorCode::Corrupt, "the session file is corrupt: the token texts are truncated");
    std::uint32_t n = 0;
    for (int b = 0; b < 4; ++b) n |= std::uint32_t(blob[at + b]) << (8 * b);
    at += 4;
    if (blob.size() - at < n)
      return fail(ErrorCode::Corrupt, "the session file is corrupt: the token texts are truncated");
    texts.emplace_back(reinterpret_cast<const char*>(blob.data() + at), n);
    at += n;
  }
  if (at != blob.size())
    return fail(ErrorCode::Corrupt, "the session file is corrupt: the token texts do not match their count");
  return texts;
}

std::uint64_t fnv1a64(std::span<const std::byte> bytes) {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (std::byte b : bytes) {
    h ^= std::uint64_t(b);
    h *= 0x100000001b3ull;
  }
  return h;
}

Result<RunState> run_state(Connection& c, std::int64_t run_id) {
  STORE_ASSIGN(q, c.prepare("SELECT status, owner, documents_total, "
                            "(SELECT count(*) FROM run_maps WHERE run_id = runs.id) FROM runs WHERE id = ?"));
  q.bind(1, run_id);
  STORE_ASSIGN(row, q.step());
  if (!row) return fail(ErrorCode::NotFound, "the session has no run " + std::to_string(run_id), c.path());
  RunState s;
  const auto status = run_status_from_name(q.column_text(0));
  if (!status) return fail(ErrorCode::Corrupt, "the session file is corrupt: unknown run status", c.path());
  s.status = *status;
  s.owner = q.column_text(1);
  s.documents_total = q.column_int64(2);
  s.maps = int(q.column_int64(3));
  return s;
}

Result<std::set<std::int64_t>> completed_documents(Connection& c, std::int64_t run_id) {
  ReadSnapshot snapshot(c);
  STORE_TRY(run_state(c, run_id));
  STORE_ASSIGN(q, c.prepare("SELECT doc_index FROM run_documents WHERE run_id = ?"));
  q.bind(1, run_id);
  std::set<std::int64_t> done;
  while (true) {
    STORE_ASSIGN(row, q.step());
    if (!row) break;
    done.insert(q.column_int64(0));
  }
  return done;
}

}  // namespace detail
}  // namespace core::store
