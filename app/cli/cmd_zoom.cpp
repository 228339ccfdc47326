// `zoom`: how much of each tuning each of several prompts on the base explains, over the territory or
// a slice (docs/ARCHITECTURE.md, "Zoom runs"). The sequence is core's (core::store::execute_zoom),
// shared with the GUI's zoom job.
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <set>

#include "app/cli/chat_args.h"
#include "app/cli/commands.h"
#include "app/cli/run_args.h"
#include "app/cli/slice_args.h"
#include "core/store/execute_zoom.h"

namespace cli {
namespace {

struct ZoomArgs {
  std::string base;
  std::vector<std::string> tuned, names, prompts;
  std::string prompt_file, session;
  std::string shard;  // "I/N": zoom shard I of N of the territory only (needs --session)
  std::string best_by;  // "document" or a metadata field: the best prompt per group (issue 14)
  bool as_user_turn = false;
  TerritoryArgs territory;
  RunArgs run;
  SliceArgs slice;
};

core::Result<std::vector<core::analysis::ZoomPrompt>> gather_prompts(const ZoomArgs& a) {
  std::vector<core::analysis::ZoomPrompt> out;
  for (const std::string& p : a.prompts) out.push_back({0, {}, p});
  if (!a.prompt_file.empty()) {
    auto read = core::analysis::read_zoom_prompts(a.prompt_file);
    if (!read) return std::unexpected(read.error());
    out.insert(out.end(), read->begin(), read->end());
  }
  if (out.empty()) return core::fail(core::ErrorCode::InvalidInput, "zoom needs --prompt or --prompts");
  return out;
}

// --best-by names a field no document has: say which fields there are.
core::Error missing_field(const std::string& field, const core::analysis::RunResult& source) {
  std::set<std::string> fields;
  for (const auto& d : source.documents)
    for (const auto& [k, v] : d.metadata) fields.insert(k);
  std::string known;
  for (const std::string& f : fields) known += (known.empty() ? "" : ", ") + f;
  return core::Error{core::ErrorCode::InvalidInput,
                     "--best-by " + field + ": no document of the territory has this metadata field (" +
                         (known.empty() ? std::string("it has none") : "fields: " + known) + "; or use --best-by document)",
                     source.territory.source, ""};
}

int run_zoom(const ZoomArgs& a, const Globals& g) {
  namespace analysis = core::analysis;
  core::Job job(stderr_progress(g));
  SliceArgs slice_args = a.slice;
  slice_args.session = a.session.empty() || !std::filesystem::exists(a.session) ? std::string() : a.session;
  slice_args.writes_session = true;  // the run is written there: upgrade an older session, not refuse it
  auto slice = resolve_slice(slice_args);
  if (!slice) return fail(slice.error());
  auto prompts = gather_prompts(a);
  if (!prompts) return fail(prompts.error());
  if (a.as_user_turn) {
    auto base_tokenizer = tokenizer_for(a.run.tokenizers, 0, 1 + a.tuned.size());
    if (!base_tokenizer) return fail(base_tokenizer.error());
    auto turn = UserTurn::load(a.base, *base_tokenizer, nullptr, job);
    if (!turn) return fail(turn.error());
    for (auto& p : *prompts) {
      auto wrapped = turn->wrap(p.text);
      if (!wrapped) return fail(wrapped.error());
      p.text = std::move(*wrapped);
    }
  }

  core::store::ZoomOrder order;
  std::vector<std::string> paths{a.base};
  paths.insert(paths.end(), a.tuned.begin(), a.tuned.end());
  for (std::size_t i = 0; i < paths.size(); ++i)
  {
    auto tokenizer = tokenizer_for(a.run.tokenizers, i, paths.size());
    if (!tokenizer) return fail(tokenizer.error());
    order.run.maps.push_back({paths[i], i < a.names.size() ? a.names[i] : std::string(), *tokenizer});
  }
  if (!a.territory.text.empty()) order.run.territory = core::territory::from_text(a.territory.text, "text");
  order.run.territory_path = a.territory.text_file.empty() ? a.territory.corpus : a.territory.text_file;
  order.run.territory_options = a.territory.read_options();
  order.run.load = load_options(a.run, {});
  order.run.settings = settings_from(a.run, g.threads);
  order.run.session_path = a.session;
  order.run.session_mode = core::store::OpenMode::CreateIfMissing;
  order.prompts = std::move(*prompts);
  order.keep_source_tracks = bool(*slice);  // a slice's rules read any metric of the run; rows read kl_tb only
  auto shard = shard_from(a.shard, a.session);
  if (!shard) return fail(shard.error());
  if (*shard) {
    order.run.record.shard = **shard;
    order.run.settings.threads = shard_threads(g.threads);
  }
  auto z = core::store::execute_zoom(order, job);
  if (!z) return fail(z.error());
  for (const auto& w : z->session_warnings) std::cerr << "warning: " << w << "\n";
  if (!g.quiet)
    std::cerr << (z->reused_run ? "reused run " + std::to_string(z->run_id) + " from the session"
                                : "unprompted run computed in " + std::to_string(z->source_seconds) + " s")
              << "; zoom of " << z->zoom.prompts.size() << " prompt(s) in " << z->zoom_seconds << " s\n";

  std::vector<analysis::ZoomRow> rows = z->rows;
  std::optional<analysis::PositionSet> positions;
  if (*slice) {
    auto kept = analysis::evaluate_slice(*z->source, (*slice)->definition);
    if (!kept) return fail(kept.error());
    positions = std::move(*kept);
    rows = analysis::zoom_rows(z->zoom, *z->source, &*positions);
  }
  const auto& names = z->zoom.map_names;
  std::vector<analysis::BestPrompt> best;
  if (!a.best_by.empty()) {
    const analysis::PositionSet* kept = positions ? &*positions : nullptr;
    best = a.best_by == "document" ? analysis::best_per_document(z->zoom, *z->source, kept)
                                   : analysis::best_per_value(z->zoom, *z->source, a.best_by, kept);
    if (best.empty()) return fail(missing_field(a.best_by, *z->source));
  }
  const auto label_of = [&](int prompt) {
    std::string label = z->zoom.prompts[std::size_t(prompt)].name;
    if (label.empty()) label = z->zoom.prompts[std::size_t(prompt)].text;
    for (char& c : label)
      if (c == '\n') c = ' ';
    return label;
  };
  if (g.json) {
    nlohmann::json list = nlohmann::json::array();
    for (const analysis::ZoomRow& r : rows) {
      const auto& p = z->zoom.prompts[std::size_t(r.prompt)];
      list.push_back({{"prompt", p.text}, {"prompt_name", p.name}, {"prompt_version_id", p.version_id},
                      {"map", names[std::size_t(r.map - 1)]}, {"map_index", r.map}, {"tokens", r.tokens},
                      {"k0", number(r.k0)}, {"kp", number(r.kp)}, {"zoom_recovered", number(r.zoom_recovered)}});
    }
    // The settings the zoom ran with: the source run's window and its own batch (merge compares it).
    nlohmann::json doc{{"rows", list}, {"reused_run", z->reused_run}, {"window", z->zoom.window},
                       {"batch", z->zoom.batch}};
    if (z->source->shard_count)
      doc["shard"] = {{"index", z->source->shards_present.front()}, {"count", z->source->shard_count},
                      {"documents", z->source->documents.size()}};
    // One prompt and one tuned map: its three numbers at the top level too, as `zoom` always printed.
    if (rows.size() == 1)
      for (const char* key : {"tokens", "k0", "kp", "zoom_recovered"}) doc[key] = list[0][key];
    if (*slice) doc["slice"] = {{"name", (*slice)->name}, {"positions", positions->count}};
    if (!a.best_by.empty()) {
      nlohmann::json groups = nlohmann::json::array();
      for (const analysis::BestPrompt& b : best) {
        const auto& p = z->zoom.prompts[std::size_t(b.best.prompt)];
        groups.push_back({{"group", b.group}, {"map", names[std::size_t(b.map - 1)]}, {"map_index", b.map},
                          {"prompt", p.text}, {"prompt_name", p.name}, {"prompt_index", b.best.prompt},
                          {"tokens", b.best.tokens}, {"k0", number(b.best.k0)}, {"kp", number(b.best.kp)},
                          {"zoom_recovered", number(b.best.zoom_recovered)}});
      }
      doc["best"] = {{"by", a.best_by}, {"groups", groups}};
    }
    if (!a.session.empty()) {
      doc["session"] = a.session;
      doc["run_id"] = z->run_id;
      doc["zoom_id"] = z->zoom_id;
    }
    print_json(doc);
    return kOk;
  }
  std::printf("%-32s %-20s %8s %10s %10s %10s\n", "prompt", "map", "tokens", "K_0", "K_P", "recovered");
  for (const analysis::ZoomRow& r : rows)
    std::printf("%-32.32s %-20.20s %8lld %10.4f %10.4f %9.1f%%\n", label_of(r.prompt).c_str(),
                names[std::size_t(r.map - 1)].c_str(), (long long)r.tokens, r.k0, r.kp, 100 * r.zoom_recovered);
  if (!best.empty()) {
    std::printf("\nbest prompt per %s\n%-24s %-20s %-32s %8s %10s\n", a.best_by.c_str(), a.best_by.c_str(), "map",
                "prompt", "tokens", "recovered");
    for (const analysis::BestPrompt& b : best)
      std::printf("%-24.24s %-20.20s %-32.32s %8lld %9.1f%%\n", b.group.c_str(), names[std::size_t(b.map - 1)].c_str(),
                  label_of(b.best.prompt).c_str(), (long long)b.best.tokens, 100 * b.best.zoom_recovered);
  }
  return kOk;
}

}  // namespace

void add_zoom_command(CLI::App& app, Globals& globals) {
  add_command(app, globals, "zoom", "Share of each tuning that each conditioning prompt on the base explains",
              [&globals](CLI::App& cmd) {
                auto a = std::make_shared<ZoomArgs>();
                cmd.add_option("--base", a->base, "The base checkpoint")->required();
                cmd.add_option("--tuned", a->tuned, "A tuned checkpoint (repeatable)")->required();
                // One value per flag: CLI11 would otherwise split "[INST] …, … [/INST]" as a bracketed list.
                cmd.add_option("--name", a->names, "Display names, base first (repeatable)")->allow_extra_args(false);
                add_territory_options(cmd, a->territory, false);
                cmd.add_option("--prompt", a->prompts, "A conditioning prompt (repeatable)")->allow_extra_args(false);
                cmd.add_option("--prompts", a->prompt_file,
                               "A file of prompts: one per line (\\n stands for a newline), or JSONL with a "
                               "\"prompt\" field (and an optional \"name\")");
                add_user_turn_flag(cmd, a->as_user_turn);
                cmd.add_option("--session", a->session,
                               "Reuse the unprompted run of these maps stored here (or record it), and write the "
                               "zoom run's rows to it");
                add_shard_option(cmd, a->shard);
                cmd.add_option("--best-by", a->best_by,
                               "The best prompt (highest zoom_recovered) for each tuned map per document "
                               "(\"document\") or per value of a metadata FIELD, over --slice when given");
                add_run_options(cmd, a->run);
                add_slice_options(cmd, a->slice, true);
                return Runner([a, &globals] { return run_zoom(*a, globals); });
              });
}

}  // namespace cli
