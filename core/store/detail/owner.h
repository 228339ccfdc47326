#pragma once
// Private to core/store: who is writing a run. A run row records its writer as
// "host \t boot id \t pid \t process start time"; a run left 'running' by a writer that no longer
// exists (crashed, killed, machine rebooted) is interrupted, not running.
#include <cstdint>
#include <string>
#include <vector>

#include "core/error.h"

namespace core::store::detail {

class Connection;

// This process, as recorded in runs.owner.
std::string current_owner();

// False when the recorded writer is certainly gone: another boot, a pid that no longer exists or was
// reused, or another host (WAL sessions cannot be shared across hosts, so a writer elsewhere cannot be
// writing this file now).
bool owner_alive(const std::string& owner);

// Marks every 'running' run whose writer is gone as 'interrupted'; returns their ids. Writes only
// when there is such a run.
Result<std::vector<std::int64_t>> interrupt_orphaned_runs(Connection& connection);

// Unix milliseconds now.
std::int64_t now_ms();

}  // namespace core::store::detail
