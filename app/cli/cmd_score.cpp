// `score`: per-token metrics of one map over a text or corpus (docs/ARCHITECTURE.md, "Command line").
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <numbers>
#include <optional>
#include <span>

#include "app/cli/commands.h"
#include "app/cli/run_args.h"
#include "app/cli/slice_args.h"
#include "core/analysis/engine.h"
#include "core/analysis/summary.h"
#include "core/store/execute_run.h"

namespace cli {
namespace {

struct ScoreArgs {
  std::string model;
  TerritoryArgs territory;
  RunArgs run;
  SliceArgs slice;
  std::string session;  // record the run here (a one-map run, as `compare` records its maps)
  std::string shard;    // "I/N": score and record shard I of N only (needs --session)
};

// One document's numbers, over the kept positions of a slice when `kept` is not empty.
struct DocumentNumbers {
  std::int64_t tokens = 0;
  double nll_mean = 0, bits_per_byte = 0;
};

DocumentNumbers numbers(const core::analysis::DocumentResult& d, std::span<const std::uint8_t> kept) {
  const bool whole = kept.empty() || std::find(kept.begin(), kept.end(), std::uint8_t(0)) == kept.end();
  if (whole) return {d.stats[0].tokens, d.stats[0].nll_mean, d.stats[0].bits_per_byte};
  core::analysis::SummaryAccumulator acc(d.maps.size());
  acc.add(d, kept);
  const auto s = acc.finish();
  return {s[0].tokens, s[0].nll_mean, std::nan("")};  // bytes of part of a document are not defined
}

nlohmann::json document_json(const core::analysis::DocumentResult& d, const core::analysis::RunResult& r,
                             std::span<const std::uint8_t> kept) {
  nlohmann::json tokens = nlohmann::json::array();
  const auto& t = d.maps[0];
  const std::size_t k = std::size_t(t.top_k);
  for (std::size_t i = 0; i < d.scored(); ++i) {
    if (!kept.empty() && !kept[i]) continue;
    const std::int32_t id = d.tokens[i + 1];
    nlohmann::json top = nlohmann::json::array();
    for (std::size_t j = 0; j < k; ++j) top.push_back({t.top_ids[i * k + j], t.top_p[i * k + j]});
    nlohmann::json token{{"id", id},
                         {"text", r.token_texts.at(std::size_t(id))},
                         {"logp", t.logp[i]},
                         {"entropy", t.entropy[i]},
                         {"rank", t.rank[i]},
                         {"top", top}};
    if (!kept.empty()) token["position"] = i;
    tokens.push_back(std::move(token));
  }
  const DocumentNumbers s = numbers(d, kept);
  return {{"name", d.name},
          {"tokens", tokens},
          {"summary",
           {{"tokens", s.tokens}, {"nll_mean", s.nll_mean}, {"perplexity", std::exp(s.nll_mean)}, {"bits_per_byte", number(s.bits_per_byte)}}}};
}

// The run: in memory, or through core's run sequence (execute_run) when it is recorded in a session,
// sharded or not. `keep_tracks`: --json lists every token and a slice is summarised from the tracks;
// otherwise the per-document statistics are all that is printed, so the tracks are dropped and long
// documents streamed (RunOptions::keep_tracks).
core::Result<std::shared_ptr<const core::analysis::RunResult>> score(const ScoreArgs& a, const Globals& g,
                                                                    core::Job& job, bool keep_tracks) {
  auto shard = shard_from(a.shard, a.session);
  if (!shard) return std::unexpected(shard.error());
  const std::string tokenizer = a.run.tokenizers.empty() ? std::string() : a.run.tokenizers.front();
  if (!a.session.empty()) {
    core::store::RunOrder order;
    order.maps.push_back({a.model, {}, tokenizer});
    if (!a.territory.text.empty()) order.territory = core::territory::from_text(a.territory.text, "text");
    order.territory_path = a.territory.text_file.empty() ? a.territory.corpus : a.territory.text_file;
    order.territory_options = a.territory.read_options();
    order.load = load_options(a.run, {});
    order.settings = settings_from(a.run, g.threads);
    order.session_path = a.session;
    order.session_mode = core::store::OpenMode::CreateIfMissing;
    order.record.cancelled_status = core::store::RunStatus::Interrupted;  // only Ctrl-C cancels here
    order.record.keep_tracks = keep_tracks;
    if (*shard) {
      order.record.shard = **shard;
      order.settings.threads = shard_threads(g.threads);
    }
    auto executed = core::store::execute_run(order, job);
    if (!executed) return std::unexpected(executed.error());
    for (const auto& w : executed->session_warnings) std::cerr << "warning: " << w << "\n";
    return executed->result;
  }
  auto territory = load_territory(a.territory, job);
  if (!territory) return std::unexpected(territory.error());
  // Nothing this run prints names the weights by their sha256 (a session's record does, above), so
  // the files are not read a second time to hash them: 0.5 s for GPT-2-124M, seconds for a 7B map.
  core::model::LoadOptions load = load_options(a.run, tokenizer);
  load.hash_weights = false;
  auto map = core::model::load_checkpoint(a.model, load, job);
  if (!map) return std::unexpected(map.error());
  core::analysis::RunSpec spec;
  spec.maps.push_back({std::move(*map), {}});
  spec.territory = std::move(*territory);
  spec.settings = settings_from(a.run, g.threads);
  auto plan = core::analysis::plan_run(spec, job);
  if (!plan) return std::unexpected(plan.error());
  core::analysis::RunOptions options;
  options.keep_tracks = keep_tracks;
  auto result = core::analysis::run(spec, *plan, job, options);
  if (!result) return std::unexpected(result.error());
  return std::shared_ptr<const core::analysis::RunResult>(std::move(*result));
}

int run_score(const ScoreArgs& a, const Globals& g) {
  core::Job job(stderr_progress(g));
  SliceArgs slice_args = a.slice;
  slice_args.session = a.session.empty() || !std::filesystem::exists(a.session) ? std::string() : a.session;
  slice_args.writes_session = true;  // the run is written there: upgrade an older session, not refuse it
  auto slice = resolve_slice(slice_args);
  if (!slice) return fail(slice.error());
  auto result = score(a, g, job, g.json || bool(*slice));
  if (!result) return fail(result.error());
  const auto& r = **result;
  std::optional<SlicedRun> sliced;
  if (*slice) {
    auto applied = apply_slice(r, **slice);
    if (!applied) return fail(applied.error());
    sliced = std::move(*applied);
  }
  const auto& s = sliced ? sliced->summaries[0] : r.summaries[0];
  // The kept positions of document `d` (empty: all of them); documents with none are left out.
  auto kept = [&](std::size_t d) {
    return sliced ? std::span<const std::uint8_t>(sliced->positions.flags[d]) : std::span<const std::uint8_t>();
  };
  auto listed = [&](std::size_t d) { return !sliced || sliced->positions.contains_document(int(d)); };
  if (g.json) {
    nlohmann::json docs = nlohmann::json::array();
    for (std::size_t d = 0; d < r.documents.size(); ++d)
      if (listed(d)) docs.push_back(document_json(r.documents[d], r, kept(d)));
    nlohmann::json doc{{"model", a.model},
                       {"window", r.window},
                       {"stride", r.stride},
                       {"documents", docs},
                       {"summary", {{"tokens", s.tokens}, {"nll_mean", s.nll_mean}, {"perplexity", s.perplexity}, {"bits_per_byte", number(s.bits_per_byte)}}},
                       {"warnings", r.warnings}};
    if (sliced) doc["slice"] = slice_json(**slice, *sliced);
    if (r.shard_count) doc["shard"] = {{"index", r.shards_present.front()}, {"count", r.shard_count}, {"documents", r.documents.size()}};
    if (!a.session.empty()) doc["session"] = a.session;
    print_json(doc);
    return kOk;
  }
  for (const auto& w : r.warnings) std::cerr << "warning: " << w << "\n";
  if (r.shard_count)
    std::printf("shard %lld of %lld (counted from 0): %zu of %lld documents\n", (long long)r.shards_present.front(),
                (long long)r.shard_count, r.documents.size(), (long long)r.territory.documents);
  if (sliced)
    std::printf("slice %s: %lld of %lld positions\n", (*slice)->name.c_str(), (long long)sliced->positions.count,
                (long long)sliced->total);
  for (std::size_t i = 0; i < r.documents.size(); ++i) {
    if (!listed(i)) continue;
    const auto n = numbers(r.documents[i], kept(i));
    std::printf("%-40s tokens %8lld  nll %.4f  ppl %9.3f  bpb %.4f\n", r.documents[i].name.c_str(), (long long)n.tokens,
                n.nll_mean, std::exp(n.nll_mean), n.bits_per_byte);
  }
  std::printf("%-40s tokens %8lld  nll %.4f  ppl %9.3f  bpb %.4f\n", "TOTAL", (long long)s.tokens, s.nll_mean,
              s.perplexity, s.bits_per_byte);
  return kOk;
}

}  // namespace

void add_score_command(CLI::App& app, Globals& globals) {
  add_command(app, globals, "score", "Per-token metrics of one map over a text or corpus", [&globals](CLI::App& cmd) {
    auto a = std::make_shared<ScoreArgs>();
    cmd.add_option("--model", a->model, "HF folder, llama2.c .bin or TorchScript file")->required();
    add_territory_options(cmd, a->territory, true);
    add_run_options(cmd, a->run, false);
    add_slice_options(cmd, a->slice, true);
    cmd.add_option("--session", a->session,
                   "Record the run in this session file, created when missing (and find the slices --slice names there)");
    add_shard_option(cmd, a->shard);
    return Runner([a, &globals] { return run_score(*a, globals); });
  });
}

}  // namespace cli
