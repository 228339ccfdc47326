#pragma once
// Sharded runs in tests (golden and cluster tiers): the stories260K map with a perturbed copy as the
// tuned map, a territory of 23 uneven documents cut from tinyshakespeare, the `compare` command line
// for a shard, and the comparison of a merged run with an unsharded one (per-token metrics bit for bit,
// summaries to 1e-12). Test-only; any thread.
#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "core/analysis/run_result.h"
#include "tests/support/test_support.h"

namespace testsupport {

struct ShardFixture {
  std::filesystem::path base, tuned, other_tuned, tokenizer, corpus, other_corpus;
};

// Writes the tuned maps and the territories into `dir`; the base and tokenizer are the real data's.
ShardFixture make_shard_fixture(const std::filesystem::path& data, const TempDir& dir);

// `--json --threads 1 compare ... --context 64 --batch 2 --session SESSION [--shard SHARD]` (batch 2:
// groups of 16 windows, so 7 shards of the 23 documents are mostly non-empty), optionally with
// another tuned map, corpus or top-k.
std::vector<std::string> shard_compare_args(const ShardFixture& f, const std::filesystem::path& session,
                                            const std::string& shard, const std::filesystem::path& tuned = {},
                                            const std::filesystem::path& corpus = {},
                                            const std::string& top_k = "10");

// `cartograph-cli ARGS` (with --json) expected to succeed: its JSON document; a failure is a test
// failure (with its stderr) and gives null.
nlohmann::json cli_json_ok(const std::vector<std::string>& args);

// The session's one run with every document's tracks (a failure is a test failure).
core::analysis::RunResult load_only_run(const std::filesystem::path& session);

// Per-token metrics bit for bit (tokens, every track array, top-k) and every summary field to 1e-12
// relative; failures name `what`.
void expect_same_run(const core::analysis::RunResult& whole, const core::analysis::RunResult& merged,
                     const std::string& what);

}  // namespace testsupport
