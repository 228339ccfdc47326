#pragma once
// core::analysis token tables: a run (or a slice of it) as one row per scored position with every
// position metric (the field table's position_metrics(), fields.h) of every map, for pandas and R.
//
//   columns: document, document_name, position (scored index, 0-based), token_index (in the document,
//   BOS = 0), token_id, token (its text), then "<metric>.<map name>" for every map in run order and
//   every position metric in the field table's order. A value that does not apply (KL of the base
//   against itself) is empty in CSV and null in JSONL.
//   CSV: RFC 4180 (a field with a comma, quote or line break is quoted, quotes doubled), "\n" rows.
//   JSONL: one JSON object per row with the same keys; numbers with float32's 9 significant digits.
//
// Pure functions of an immutable RunResult whose tracks are loaded; any thread.
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "core/analysis/run_result.h"
#include "core/analysis/slice.h"
#include "core/error.h"
#include "core/jobs/job.h"

namespace core::analysis {

enum class TokenTableFormat { Csv, Jsonl };
// "csv" or "jsonl"; an InvalidInput error naming the accepted formats otherwise.
Result<TokenTableFormat> token_table_format(std::string_view name);

std::vector<std::string> token_table_columns(const RunResult& run);

// Writes the header (CSV) and one row per scored position kept by `kept` (null = every position).
// Fails when a document's tracks are not loaded; cancellable through `job` (one step per document).
Result<std::int64_t> write_token_table(const RunResult& run, const PositionSet* kept, TokenTableFormat format,
                                       std::ostream& out, Job& job);

}  // namespace core::analysis
