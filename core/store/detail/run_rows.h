#pragma once
// Private to core/store: row layouts shared by RunWriter and RunReader.
#include <cstdint>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/store/records.h"

namespace core::store::detail {

class Connection;

// Token texts as one blob: for each text, its byte length (uint32 little-endian) then its bytes.
std::vector<std::byte> pack_texts(const std::vector<std::string>& texts);
Result<std::vector<std::string>> unpack_texts(std::span<const std::byte> blob, std::int64_t count);

std::uint64_t fnv1a64(std::span<const std::byte> bytes);

struct RunState {
  RunStatus status = RunStatus::Running;
  std::string owner;
  std::int64_t documents_total = 0;
  int maps = 0;
};
// NotFound when the session has no such run.
Result<RunState> run_state(Connection& c, std::int64_t run_id);

Result<std::set<std::int64_t>> completed_documents(Connection& c, std::int64_t run_id);

}  // namespace core::store::detail
