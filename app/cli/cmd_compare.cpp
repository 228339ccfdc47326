// `compare` (a run of a base and tuned maps over a territory) and `zoom` (how much of a tuning a
// conditioning prompt on the base explains). DESIGN.md, "Command line".
#include <algorithm>
#include <cstdio>
#include <iostream>

#include "app/cli/commands.h"
#include "app/cli/run_args.h"
#include "core/analysis/engine.h"
#include "core/analysis/fields.h"
#include "core/store/recorder.h"

namespace cli {
namespace {

struct CompareArgs {
  std::string base;
  std::vector<std::string> tuned;
  std::vector<std::string> names;
  TerritoryArgs territory;
  RunArgs run;
  std::string prompt, session;
  std::int64_t commit_every = 32;
};

struct Outcome {
  std::shared_ptr<const core::analysis::RunResult> result;
  std::int64_t run_id = 0, resumed = 0;
};

core::Result<Outcome> execute(const CompareArgs& a, const Globals& g, core::Job& job) {
  auto territory = load_territory(a.territory, job);
  if (!territory) return std::unexpected(territory.error());
  core::analysis::RunSpec spec;
  std::vector<std::string> paths{a.base};
  paths.insert(paths.end(), a.tuned.begin(), a.tuned.end());
  for (std::size_t i = 0; i < paths.size(); ++i) {
    auto map = load_map(paths[i], a.run, {}, job);
    if (!map) return std::unexpected(map.error());
    spec.maps.push_back({std::move(*map), i < a.names.size() ? a.names[i] : std::string()});
  }
  spec.territory = std::move(*territory);
  spec.settings = settings_from(a.run, g.threads);
  spec.settings.prompt = a.prompt;
  auto plan = core::analysis::plan_run(spec, job);
  if (!plan) return std::unexpected(plan.error());
  if (a.session.empty()) {
    auto r = core::analysis::run(spec, *plan, job);
    if (!r) return std::unexpected(r.error());
    return Outcome{*r, 0, 0};
  }
  auto session = core::store::Session::open(a.session, core::store::OpenMode::CreateIfMissing);
  if (!session) return std::unexpected(session.error());
  for (const auto& w : session->warnings()) std::cerr << "warning: " << w << "\n";
  core::store::RecordOptions record;
  record.commit_documents = a.commit_every;
  auto recorded = core::store::record_run(*session, spec, *plan, job, record);
  if (!recorded) return std::unexpected(recorded.error());
  if (recorded->resumed_documents)
    std::cerr << "resumed run " << recorded->run_id << ": " << recorded->resumed_documents
              << " documents were already in the session\n";
  return Outcome{recorded->result, recorded->run_id, recorded->resumed_documents};
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

void print_table(const core::analysis::RunResult& r) {
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
      rows[m].push_back(analysis::format_value(*columns[c], analysis::summary_value(*columns[c], r.maps[m], r.summaries[m])));
      widths[c] = std::max(widths[c], display_width(rows[m].back()));
    }
  std::printf("%-24s %-6s ", "map", "role");
  for (std::size_t c = 0; c < columns.size(); ++c) print_cell(columns[c]->label, widths[c]);
  std::printf("\n");
  for (std::size_t m = 0; m < r.maps.size(); ++m) {
    const auto& s = r.summaries[m];
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
  auto outcome = execute(a, g, job);
  if (!outcome) return fail(outcome.error());
  const auto& r = *outcome->result;
  if (g.json) {
    nlohmann::json maps = nlohmann::json::array();
    for (std::size_t m = 0; m < r.maps.size(); ++m) maps.push_back(summary_json(r.maps[m], r.summaries[m]));
    nlohmann::json doc{{"checkpoints", maps},
                {"territory", {{"source", r.territory.source}, {"documents", r.territory.documents}, {"bytes", r.territory.bytes}, {"sha256", r.territory.content_hash}}},
                {"window", r.window},
                {"stride", r.stride},
                {"prompt", a.prompt},
                {"warnings", r.warnings}};
    if (!a.session.empty()) {
      doc["session"] = a.session;
      doc["run_id"] = outcome->run_id;
      doc["resumed_documents"] = outcome->resumed;
    }
    print_json(doc);
    return kOk;
  }
  for (const auto& w : r.warnings) std::cerr << "warning: " << w << "\n";
  print_table(r);
  return kOk;
}

int run_zoom(const CompareArgs& a, const Globals& g) {
  core::Job job(stderr_progress(g));
  auto outcome = execute(a, g, job);
  if (!outcome) return fail(outcome.error());
  const auto& s = outcome->result->summaries[1];
  // The zoom fields of the table, and the positions they are measured over.
  namespace analysis = core::analysis;
  if (g.json) {
    nlohmann::json doc{{"tokens", s.tokens}};
    for (const analysis::SummaryField& f : analysis::summary_fields())
      if (f.applies == analysis::Applies::Zoom) doc[std::string(f.key)] = number(f.get(s));
    print_json(doc);
  } else {
    for (const analysis::SummaryField& f : analysis::summary_fields())
      if (f.applies == analysis::Applies::Zoom)
        std::printf("%-16s %10s   %s\n", std::string(f.label).c_str(), analysis::format_value(f, f.get(s)).c_str(),
                    std::string(f.description).c_str());
  }
  return kOk;
}

}  // namespace

void add_compare_command(CLI::App& app, Globals& globals) {
  add_command(app, globals, "compare", "A run: a base and tuned maps over a territory, every distortion metric",
              [&globals](CLI::App& cmd) {
                auto a = std::make_shared<CompareArgs>();
                cmd.add_option("--base", a->base, "The base checkpoint")->required();
                cmd.add_option("--tuned", a->tuned, "A tuned checkpoint (repeat, in lineage order)")->required();
                cmd.add_option("--name", a->names, "Display names, base first (repeatable)");
                add_territory_options(cmd, a->territory, false);
                cmd.add_option("--prompt", a->prompt, "A conditioning prompt: adds the zoomed base map");
                cmd.add_option("--session", a->session, "Write the run to this session file");
                cmd.add_option("--commit-every", a->commit_every,
                               "With --session: commit after this many documents (or every 2 s)")
                    ->default_val(32)
                    ->check(CLI::PositiveNumber);
                add_run_options(cmd, a->run);
                return Runner([a, &globals] { return run_compare(*a, globals); });
              });
  add_command(app, globals, "zoom", "Share of a tuning that a conditioning prompt on the base explains",
              [&globals](CLI::App& cmd) {
                auto a = std::make_shared<CompareArgs>();
                a->tuned.resize(1);
                cmd.add_option("--base", a->base, "The base checkpoint")->required();
                cmd.add_option("--tuned", a->tuned[0], "The tuned checkpoint")->required();
                add_territory_options(cmd, a->territory, false);
                cmd.add_option("--prompt", a->prompt, "The conditioning prompt")->required();
                add_run_options(cmd, a->run);
                return Runner([a, &globals] { return run_zoom(*a, globals); });
              });
}

}  // namespace cli
