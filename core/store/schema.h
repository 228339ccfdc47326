#pragma once
// core::store schema: the session file's tables as an ordered list of migrations.
//
// `PRAGMA user_version` holds the number of migrations applied; `PRAGMA application_id` marks the
// file as a Cartograph session. Opening a writable session applies the missing migrations in ONE
// transaction (all or nothing). To change the schema, append one Migration to the list in schema.cpp
// (v2 = {2, "ALTER TABLE ..."}), with a step of code where the data must be rewritten; never edit a
// migration that has shipped.
#include <cstdint>
#include <span>
#include <string_view>

#include "core/error.h"

namespace core::store {

class SessionFile;

// 'CART': what `PRAGMA application_id` holds in every Cartograph session.
inline constexpr std::int32_t kApplicationId = 0x43415254;

namespace detail {
class Connection;
}

struct Migration {
  int version;           // user_version after this migration
  std::string_view sql;  // one or more statements
  // What SQL alone cannot do (repacking rows), run after `sql` in the same transaction; may be null.
  Result<void> (*step)(detail::Connection&) = nullptr;
};

// Every migration this build knows, in order; the last one's version is the schema this build writes.
std::span<const Migration> migrations();
int current_schema_version();

// Applies the migrations of `list` whose version exceeds the file's user_version, then sets
// user_version and application_id, all in one transaction: on any failure nothing changes.
// SessionFile::open calls it with migrations(); tests pass their own lists. Returns the new version.
Result<int> migrate(SessionFile& session, std::span<const Migration> list);

}  // namespace core::store
