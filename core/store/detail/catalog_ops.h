#pragma once
// Private to core/store: catalog writes without their own transaction, for callers (RunWriter) that
// make them part of a larger one.
#include <cstdint>

#include "core/error.h"
#include "core/store/records.h"

namespace core::store::detail {

class Connection;

Result<std::int64_t> upsert_checkpoint(Connection& c, const CheckpointRecord& record);
Result<std::int64_t> upsert_territory(Connection& c, const TerritoryRecord& territory);
Result<TerritoryRecord> read_territory(Connection& c, std::int64_t id);

}  // namespace core::store::detail
