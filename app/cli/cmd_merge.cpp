// `merge OUT SHARD...`: folds the sessions of `compare --shard I/N` into one. docs/ARCHITECTURE.md,
// "Sharded runs"; the work is core's (core/store/merge.h).
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
  if (g.json) {
    print_json({{"session", a.out},
                {"run_id", report->run_id},
                {"shard_count", report->shard_count},
                {"present", report->present},
                {"missing", report->missing},
                {"added", report->added},
                {"complete", report->missing.empty()},
                {"documents", report->documents},
                {"documents_total", report->documents_total}});
    return kOk;
  }
  std::printf("%s: run %lld, shards %s of %lld present (%lld of %lld documents)\n", a.out.c_str(),
              (long long)report->run_id, list(report->present).c_str(), (long long)report->shard_count,
              (long long)report->documents, (long long)report->documents_total);
  if (report->added.empty()) std::printf("nothing new: every shard given was already merged\n");
  if (!report->missing.empty())
    std::printf("missing shards: %s (merge them into the same file when they finish)\n", list(report->missing).c_str());
  return kOk;
}

}  // namespace

void add_merge_command(CLI::App& app, Globals& globals) {
  add_command(app, globals, "merge", "Fold the sessions of `compare --shard I/N` into one session",
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
