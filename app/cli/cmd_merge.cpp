// `merge OUT SHARD...`: folds the sessions of `compare --shard I/N` (and `score`, `zoom`, `shift` with
// --shard) into one. docs/ARCHITECTURE.md, "Sharded runs"; the work is core's (core/store/merge.h).
#include <cstdio>
#include <string>
#include <vector>

#include "app/cli/commands.h"
#include "core/store/merge.h"

namespace cli {
namespace {

struct MergeArgs {
  std::string out;
  std::vector<std::string> shards;
};

std::string list(const std::vector<std::int64_t>& shards) {
  std::string s;
  for (std::int64_t i : shards) s += (s.empty() ? "" : ", ") + std::to_string(i);
  return s.empty() ? "none" : s;
}

int run_merge(const MergeArgs& a, const Globals& g) {
  core::Job job(stderr_progress(g));
  std::vector<std::filesystem::path> shards(a.shards.begin(), a.shards.end());
  auto report = core::store::merge_shards(a.out, shards, job);
  if (!report) return fail(report.error());
  const auto& shift = report->shift;
  const bool with_run = report->run_id != 0;
  if (g.json) {
    nlohmann::json doc{{"session", a.out},
                       {"complete", report->missing.empty() && (!shift || shift->missing.empty())}};
    if (with_run) {
      doc["run_id"] = report->run_id;
      doc["shard_count"] = report->shard_count;
      doc["present"] = report->present;
      doc["missing"] = report->missing;
      doc["added"] = report->added;
      doc["documents"] = report->documents;
      doc["documents_total"] = report->documents_total;
    }
    if (shift)
      doc["shift"] = {{"shift_id", shift->shift_id}, {"shard_count", shift->shard_count}, {"present", shift->present},
                      {"missing", shift->missing},   {"added", shift->added},             {"complete", shift->missing.empty()},
                      {"prompts", shift->prompts},   {"prompts_total", shift->prompts_total}};
    print_json(doc);
    return kOk;
  }
  if (with_run) {
    std::printf("%s: run %lld, shards %s of %lld present (%lld of %lld documents)\n", a.out.c_str(),
                (long long)report->run_id, list(report->present).c_str(), (long long)report->shard_count,
                (long long)report->documents, (long long)report->documents_total);
    if (report->added.empty()) std::printf("nothing new: every shard given was already merged\n");
    if (!report->missing.empty())
      std::printf("missing shards: %s (merge them into the same file when they finish)\n", list(report->missing).c_str());
  }
  if (shift) {
    std::printf("%s: token shift %lld, shards %s of %lld present (%lld of %lld prompts)\n", a.out.c_str(),
                (long long)shift->shift_id, list(shift->present).c_str(), (long long)shift->shard_count,
                (long long)shift->prompts, (long long)shift->prompts_total);
    if (shift->added.empty()) std::printf("nothing new: every token shift shard given was already merged\n");
    if (!shift->missing.empty())
      std::printf("missing token shift shards: %s (merge them into the same file when they finish)\n",
                  list(shift->missing).c_str());
  }
  return kOk;
}

}  // namespace

void add_merge_command(CLI::App& app, Globals& globals) {
  add_command(app, globals, "merge", "Fold the sessions of `compare`, `score`, `zoom` or `shift` --shard I/N into one session",
              [&globals](CLI::App& cmd) {
                auto a = std::make_shared<MergeArgs>();
                cmd.add_option("out", a->out, "The merged session (created, or completed when it holds a partial merge)")
                    ->required();
                cmd.add_option("shards", a->shards, "Shard sessions (any order; already merged shards are skipped)")
                    ->required();
                return Runner([a, &globals] { return run_merge(*a, globals); });
              });
}

}  // namespace cli
