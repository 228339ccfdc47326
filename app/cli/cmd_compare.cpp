// `compare`: a run of a base and tuned maps over a territory. docs/ARCHITECTURE.md, "Command line".
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <iostream>

#include "app/cli/chat_args.h"
#include "app/cli/commands.h"
#include "app/cli/run_args.h"
#include "app/cli/slice_args.h"
#include "core/analysis/engine.h"
#include "core/store/execute_run.h"
#include "core/analysis/fields.h"
#include "core/model/lineage.h"

namespace cli {
namespace {

struct CompareArgs {
  std::string lineage;  // a folder of revisions: base = the earliest, tuned = the others in step order
  std::string base;
  std::vector<std::string> tuned;
  std::vector<std::string> names;
  TerritoryArgs territory;
  RunArgs run;
  std::string prompt, session;
  bool as_user_turn = false;
  std::int64_t commit_every = 32;
  std::string shard;  // "I/N": score and record shard I of N only (analysis/shard.h)
  SliceArgs slice;  // its session is `session` for compare
};

struct Outcome {
  std::shared_ptr<const core::analysis::RunResult> result;
  std::int64_t run_id = 0, resumed = 0;
};

// The run sequence itself is core's (core::store::execute_run), shared with the GUI's run engine.
// `keep_tracks`: a slice is summarised from the run's tracks; without one only the summaries are printed,
// so the tracks are dropped and long documents streamed (RunOptions::keep_tracks).
core::Result<Outcome> execute(const CompareArgs& a, const Globals& g, core::Job& job, bool keep_tracks) {
  core::store::RunOrder order;
  std::vector<std::string> paths{a.base}, names = a.names;
  paths.insert(paths.end(), a.tuned.begin(), a.tuned.end());
  if (!a.lineage.empty()) {
    auto revisions = core::model::discover_lineage(a.lineage);
    if (!revisions) return std::unexpected(revisions.error());
    if (revisions->size() < 2)
      return core::fail(core::ErrorCode::InvalidInput, "a lineage needs at least two revisions; this folder has one",
                        a.lineage);
    paths.clear();
    for (std::size_t i = 0; i < revisions->size(); ++i) {
      paths.push_back((*revisions)[i].path.string());
      if (i >= names.size()) names.push_back((*revisions)[i].name);  // "step1000": tells revisions apart
    }
  }
  for (std::size_t i = 0; i < paths.size(); ++i) {
    auto tokenizer = tokenizer_for(a.run.tokenizers, i, paths.size());
    if (!tokenizer) return std::unexpected(tokenizer.error());
    order.maps.push_back({paths[i], i < names.size() ? names[i] : std::string(), *tokenizer});
  }
  if (!a.territory.text.empty()) order.territory = core::territory::from_text(a.territory.text, "text");
  order.territory_path = a.territory.text_file.empty() ? a.territory.corpus : a.territory.text_file;
  order.territory_options = a.territory.read_options();
  order.load = load_options(a.run, {});
  order.settings = settings_from(a.run, g.threads);
  order.settings.prompt = a.prompt;
  if (a.as_user_turn) {
    if (a.prompt.empty()) return core::fail(core::ErrorCode::InvalidInput, "--prompt-as-user-turn needs --prompt");
    auto turn = UserTurn::load(order.maps.front().path.string(), order.maps.front().tokenizer.string(), nullptr, job);
    if (!turn) return std::unexpected(turn.error());
    auto wrapped = turn->wrap(a.prompt);
    if (!wrapped) return std::unexpected(wrapped.error());
    order.settings.prompt = std::move(*wrapped);
  }
  order.session_path = a.session;
  order.session_mode = core::store::OpenMode::CreateIfMissing;
  order.record.commit_documents = a.commit_every;
  order.record.keep_tracks = keep_tracks;
  order.record.cancelled_status = core::store::RunStatus::Interrupted;  // only Ctrl-C cancels here
  auto shard = shard_from(a.shard, a.session);
  if (!shard) return std::unexpected(shard.error());
  if (*shard) {
    order.record.shard = **shard;
    order.settings.threads = shard_threads(g.threads);
  }
  auto executed = core::store::execute_run(order, job);
  if (!executed) {
    if (interrupted() && !a.session.empty())
      std::cerr << "\nthe documents finished are kept in " << a.session << "; the same command resumes the run\n";
    return std::unexpected(executed.error());
  }
  for (const auto& w : executed->session_warnings) std::cerr << "warning: " << w << "\n";
  if (executed->resumed_documents)
    std::cerr << "resumed run " << executed->run_id << ": " << executed->resumed_documents
              << " documents were already in the session\n";
  return Outcome{executed->result, executed->run_id, executed->resumed_documents};
}

// The run restricted to the slice; nothing without one (the run's own summaries are printed).
core::Result<std::optional<SlicedRun>> restrict(const core::analysis::RunResult& r,
                                                const std::optional<ResolvedSlice>& slice) {
  if (!slice) return std::nullopt;
  auto sliced = apply_slice(r, *slice);
  if (!sliced) return std::unexpected(sliced.error());
  return std::optional<SlicedRun>(std::move(*sliced));
}

// Columns on a terminal: printf pads bytes, so labels with Δ or ‖ are padded by code points.
std::size_t display_width(std::string_view text) {
  return std::size_t(std::count_if(text.begin(), text.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}
// Right-aligned in `width` columns, then a space.
void print_cell(std::string_view text, std::size_t width) {
  const std::size_t w = display_width(text);
  std::printf("%*s%.*s ", int(width > w ? width - w : 0), "", int(text.size()), text.data());
}

void print_table(const core::analysis::RunResult& r, const std::vector<core::analysis::MapSummary>& summaries) {
  namespace analysis = core::analysis;
  // The summary table's columns (the table's in_table fields); zoom fields go on a line of their own.
  std::vector<const analysis::SummaryField*> columns;
  for (const analysis::SummaryField& f : analysis::summary_fields())
    if (f.in_table && f.applies != analysis::Applies::Zoom) columns.push_back(&f);
  std::vector<std::vector<std::string>> rows(r.maps.size());
  std::vector<std::size_t> widths;
  for (const auto* f : columns) widths.push_back(std::max<std::size_t>(display_width(f->label), 7));
  for (std::size_t m = 0; m < r.maps.size(); ++m)
    for (std::size_t c = 0; c < columns.size(); ++c) {
      rows[m].push_back(analysis::format_value(*columns[c], analysis::summary_value(*columns[c], r.maps[m], summaries[m])));
      widths[c] = std::max(widths[c], display_width(rows[m].back()));
    }
  std::printf("%-24s %-6s ", "map", "role");
  for (std::size_t c = 0; c < columns.size(); ++c) print_cell(columns[c]->label, widths[c]);
  std::printf("\n");
  for (std::size_t m = 0; m < r.maps.size(); ++m) {
    const auto& s = summaries[m];
    std::printf("%-24.24s %-6s ", r.maps[m].name.c_str(), analysis::to_string(r.maps[m].role));
    for (std::size_t c = 0; c < columns.size(); ++c) print_cell(rows[m][c], widths[c]);
    std::printf("\n");
    if (!s.has_zoom) continue;
    std::printf("%-24s zoom:", "");
    for (const analysis::SummaryField& f : analysis::summary_fields())
      if (f.applies == analysis::Applies::Zoom)
        std::printf("  %s %s", std::string(f.label).c_str(), analysis::format_value(f, f.get(s)).c_str());
    std::printf("\n");
  }
}

int run_compare(const CompareArgs& a, const Globals& g) {
  core::Job job(stderr_progress(g));
  SliceArgs slice_args = a.slice;
  slice_args.session = a.session.empty() || !std::filesystem::exists(a.session) ? std::string() : a.session;
  slice_args.writes_session = true;  // the run is written there: upgrade an older session, not refuse it
  auto slice = resolve_slice(slice_args);
  if (!slice) return fail(slice.error());
  auto outcome = execute(a, g, job, bool(*slice));
  if (!outcome) return fail(outcome.error());
  const auto& r = *outcome->result;
  auto shown = restrict(r, *slice);
  if (!shown) return fail(shown.error());
  const auto& summaries = *shown ? (*shown)->summaries : r.summaries;
  if (g.json) {
    nlohmann::json maps = nlohmann::json::array();
    for (std::size_t m = 0; m < r.maps.size(); ++m) maps.push_back(summary_json(r.maps[m], summaries[m]));
    nlohmann::json doc{{"checkpoints", maps},
                {"territory", {{"source", r.territory.source}, {"documents", r.territory.documents}, {"bytes", r.territory.bytes}, {"sha256", r.territory.content_hash}}},
                {"window", r.window},
                {"stride", r.stride},
                {"prompt", a.prompt},
                {"warnings", r.warnings}};
    if (*shown) doc["slice"] = slice_json(**slice, **shown);
    if (r.shard_count) doc["shard"] = {{"index", r.shards_present.front()}, {"count", r.shard_count}, {"documents", r.documents.size()}};
    if (!a.session.empty()) {
      doc["session"] = a.session;
      doc["run_id"] = outcome->run_id;
      doc["resumed_documents"] = outcome->resumed;
    }
    print_json(doc);
    return kOk;
  }
  for (const auto& w : r.warnings) std::cerr << "warning: " << w << "\n";
  if (r.shard_count)
    std::printf("shard %lld of %lld (counted from 0): %zu of %lld documents\n", (long long)r.shards_present.front(),
                (long long)r.shard_count, r.documents.size(), (long long)r.territory.documents);
  if (*shown)
    std::printf("slice %s: %lld of %lld positions\n", (*slice)->name.c_str(),
                (long long)(*shown)->positions.count, (long long)(*shown)->total);
  print_table(r, summaries);
  return kOk;
}

}  // namespace

void add_compare_command(CLI::App& app, Globals& globals) {
  add_command(app, globals, "compare", "A run: a base and tuned maps over a territory, every distortion metric",
              [&globals](CLI::App& cmd) {
                auto a = std::make_shared<CompareArgs>();
                auto* lineage = cmd.add_option("--lineage", a->lineage,
                                               "A folder of revisions (step1000/ ... step143000/): the earliest is the "
                                               "base, the others tuned maps in step order");
                auto* base = cmd.add_option("--base", a->base, "The base checkpoint");
                auto* tuned = cmd.add_option("--tuned", a->tuned, "A tuned checkpoint (repeat, in lineage order)");
                lineage->excludes(base)->excludes(tuned);
                cmd.parse_complete_callback([a] {  // the final callback runs the command (add_command)
                  if (a->lineage.empty() && (a->base.empty() || a->tuned.empty()))
                    throw CLI::RequiredError("--base and --tuned (or --lineage)");
                });
                // One value per flag: CLI11 would otherwise split "[sft, v2]" as a bracketed list.
                cmd.add_option("--name", a->names, "Display names, base first (repeatable)")->allow_extra_args(false);
                add_territory_options(cmd, a->territory, false);
                cmd.add_option("--prompt", a->prompt, "A conditioning prompt: adds the zoomed base map");
                add_user_turn_flag(cmd, a->as_user_turn);
                cmd.add_option("--session", a->session,
                               "Write the run to this session file (and find the slices --slice names there)");
                cmd.add_option("--commit-every", a->commit_every,
                               "With --session: commit after this many documents (or every 2 s)")
                    ->default_val(32)
                    ->check(CLI::PositiveNumber);
                add_shard_option(cmd, a->shard);
                add_run_options(cmd, a->run);
                add_slice_options(cmd, a->slice, true);
                return Runner([a, &globals] { return run_compare(*a, globals); });
              });
}

}  // namespace cli
