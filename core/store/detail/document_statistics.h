#pragma once
// Private to core/store: a document's per-map statistics (analysis::DocumentStats) as one BLOB in its
// `run_documents` row (schema 12; docs/ARCHITECTURE.md, "Session file"). Per map, in map order, nine
// little-endian 8-byte values: tokens (int64), then nll_mean, entropy_mean, top1_accuracy, kl_bt_mean,
// kl_tb_mean, js_mean, kl_max and bits_per_byte (IEEE-754 binary64). A run of a million documents and
// three maps is then a million rows to read instead of four million.
#include <cstddef>
#include <span>
#include <vector>

#include "core/analysis/run_result.h"
#include "core/error.h"

namespace core::store::detail {

class Connection;

inline constexpr std::size_t kStatisticsBytesPerMap = 9 * 8;

// `stats` packed into `out` (replacing its contents).
void pack_statistics(std::span<const analysis::DocumentStats> stats, std::vector<std::byte>& out);

// `maps` statistics from `bytes` into `out`; false (and `out` untouched) when `bytes` is not exactly
// `maps` records long. An empty blob (a document stored without statistics) reads as zeros.
bool unpack_statistics(std::span<const std::byte> bytes, std::size_t maps, std::vector<analysis::DocumentStats>& out);

// Schema 12's data step: every `document_stats` row packed into its document's `run_documents.stats`,
// then the table dropped. Runs inside the migration's transaction.
Result<void> pack_document_stats_table(Connection& c);

}  // namespace core::store::detail
