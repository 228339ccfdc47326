// `export-tokens --session S --run ID [--slice NAME] --format csv|jsonl --out F [--force]`: a run (or a
// slice of it) as one row per scored position with every metric of every map
// (core/analysis/token_table.h), written to a temporary file and renamed (core/atomic_write.h).
#include <iostream>
#include <optional>

#include "app/cli/commands.h"
#include "app/cli/slice_args.h"
#include "core/analysis/token_table.h"
#include "core/atomic_write.h"
#include "core/store/run_export.h"

namespace cli {

void add_export_tokens_command(CLI::App& app, Globals& globals) {
  struct Args {
    std::int64_t run = 0;
    std::string format = "csv", out;
    bool force = false;
    SliceArgs slice;
  };
  auto args = std::make_shared<Args>();
  add_command(app, globals, "export-tokens",
              "Write a run's per-token metrics (every metric of every map, one row per position) as CSV or JSONL",
              [&globals, args](CLI::App& sub) -> Runner {
                sub.add_option("--session", args->slice.session, "The session file holding the run")
                    ->required()
                    ->check(CLI::ExistingFile);
                sub.add_option("--run", args->run, "The run's id (see the error message for the ids)")->required();
                sub.add_option("--slice", args->slice.spec, slice_help());
                sub.add_option("--format", args->format, "csv or jsonl")->check(CLI::IsMember({"csv", "jsonl"}));
                sub.add_option("--out", args->out, "The file to write")->required();
                sub.add_flag("--force", args->force, "Replace the file if it exists");
                return [&globals, args]() -> int {
                  const core::AtomicWriteOptions write{args->force};
                  // Refuse before loading anything: an existing file or a missing folder fails fast.
                  if (auto ok = core::check_writable_target(args->out, write); !ok) return fail(ok.error());
                  auto format = core::analysis::token_table_format(args->format);
                  if (!format) return fail(format.error());
                  auto slice = resolve_slice(args->slice);
                  if (!slice) return fail(slice.error());
                  auto session = core::store::SessionFile::open(args->slice.session, core::store::OpenMode::ReadOnly);
                  if (!session) return fail(session.error());
                  core::Job job(stderr_progress(globals));
                  auto run = core::store::load_complete_run(*session, args->run, job);
                  if (!run) return fail(run.error());
                  std::optional<core::analysis::PositionSet> kept;
                  if (*slice) {
                    auto positions = core::analysis::evaluate_slice(*run, (*slice)->definition);
                    if (!positions) return fail(positions.error());
                    kept = std::move(*positions);
                  }
                  std::int64_t rows = 0;
                  auto written = core::write_atomically(args->out, write, [&](std::ostream& out) -> core::Result<void> {
                    auto n = core::analysis::write_token_table(*run, kept ? &*kept : nullptr, *format, out, job);
                    if (!n) return std::unexpected(n.error());
                    rows = *n;
                    return {};
                  });
                  if (!written) return fail(written.error());
                  const auto columns = core::analysis::token_table_columns(*run);
                  if (globals.json) {
                    print_json({{"out", args->out},
                                {"format", args->format},
                                {"rows", rows},
                                {"columns", columns},
                                {"slice", *slice ? nlohmann::json((*slice)->name) : nlohmann::json()}});
                  } else {
                    std::cout << "wrote " << rows << " rows x " << columns.size() << " columns to " << args->out
                              << '\n';
                  }
                  return kOk;
                };
              });
}

}  // namespace cli
