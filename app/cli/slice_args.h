#pragma once
// --slice for the commands that take a territory (score, compare, zoom): a slice saved in a session
// (by the GUI or the demo) or a rule typed on the command line, evaluated with core's slices
// (core/analysis/slice.h) and summarised with the same accumulator the GUI's Overview uses.
#include <optional>
#include <string>

#include "app/cli/cli.h"
#include "core/analysis/run_result.h"
#include "core/analysis/slice.h"

namespace cli {

// The --help text of --slice (rule syntax and what a slice does to the output).
std::string slice_help();

struct SliceArgs {
  std::string spec;     // --slice, empty = none
  std::string session;  // the session whose saved slices --slice can name
  // The command writes its run to `session` (compare, score, zoom): it is opened writable here too,
  // so a session from an earlier Cartograph is upgraded instead of refused as read-only.
  bool writes_session = false;
};

struct ResolvedSlice {
  std::string name;  // the saved slice's name, or the rule as typed
  core::analysis::SliceDefinition definition;
};

// Adds --slice, and --session (read-only, for slice names) unless `has_session` (compare's own).
void add_slice_options(CLI::App& cmd, SliceArgs& args, bool has_session);

// The slice --slice means: a JSON definition, the name or id of a slice in args.session, or a rule
// (metadata:FIELD=V1,V2 | regex:PATTERN | regex-case:PATTERN | METRIC>VALUE[@MAP] | METRIC<VALUE[@MAP]).
// Nothing when --slice is absent. Read before scoring, so a typo fails fast.
core::Result<std::optional<ResolvedSlice>> resolve_slice(const SliceArgs& args);

// A run restricted to a slice: the kept positions and every map's summary over them.
struct SlicedRun {
  core::analysis::PositionSet positions;
  std::vector<core::analysis::MapSummary> summaries;
  std::int64_t total = 0;  // scored positions of the run
};
core::Result<SlicedRun> apply_slice(const core::analysis::RunResult& run, const ResolvedSlice& slice);

// {"name", "description", "definition" (the session's JSON), "positions" (kept), "of" (all)}.
nlohmann::json slice_json(const ResolvedSlice& slice, const SlicedRun& sliced);

}  // namespace cli
