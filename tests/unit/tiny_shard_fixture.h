#pragma once
// Tiny maps for sharded commands in the unit tier (no real data): random llama2.c checkpoints that
// share a llama2.c tokenizer written by the test, a prompt file and a small JSONL territory, and the
// command lines of `shift`, `compare` and `zoom` with --shard. Every command runs with --threads 1.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "tests/support/test_support.h"
#include "tests/support/tokenizer_fixtures.h"
#include "tests/unit/model_fixtures.h"

namespace tinyshard {

namespace fs = std::filesystem;
using nlohmann::json;

inline std::vector<std::pair<std::string, float>> pieces() {
  return {{" ", -1}, {"a", -2}, {"b", -3}, {"t", -4}, {" a", -5}, {"ab", -6}, {" ab", -7}, {"at", -8}, {" at", -9},
          {"e", -10}, {"h", -11}, {"he", -12}, {" the", -13}, {"o", -14}, {" o", -15}, {"n", -16}, {"in", -17}};
}

// Ten prompts of uneven length, so the token balance has something to balance.
inline const std::vector<std::string>& prompts() {
  static const std::vector<std::string> p{"a",          "the bat",   "in the hat at the bat", "oh",
                                          "a tab",      "on a boat", "the",                   "bath in the hen at one",
                                          "at noon he", "b"};
  return p;
}

struct Fixture {
  fs::path base, tuned, other_tuned, tokenizer, prompts, other_prompts, corpus;
};

inline Fixture make(const testsupport::TempDir& dir) {
  Fixture f{dir / "base.bin",    dir / "tuned.bin",         dir / "other_tuned.bin", dir / "tok.bin",
            dir / "prompts.txt", dir / "other_prompts.txt", dir / "territory.jsonl"};
  fixtures::LlamaSpec s;
  s.vocab = int(259 + pieces().size());
  fixtures::write_llama2c(f.base, s, fixtures::random_llama(s, 1));
  fixtures::write_llama2c(f.tuned, s, fixtures::random_llama(s, 2));
  fixtures::write_llama2c(f.other_tuned, s, fixtures::random_llama(s, 3));
  testsupport::write_file(f.tokenizer, testsupport::make_llama2c_bin(pieces()));
  std::string text, other;
  for (const std::string& p : prompts()) text += p + "\n";
  other = text;
  other[0] = 'b';  // one prompt differs: another prompt set
  testsupport::write_file(f.prompts, text);
  testsupport::write_file(f.other_prompts, other);
  std::string corpus;
  for (int d = 0; d < 9; ++d) {
    std::string doc;
    for (int w = 0; w < 3 + (d * 5) % 11; ++w) doc += prompts()[std::size_t((d + w) % 10)] + " ";
    corpus += json{{"text", doc}}.dump() + "\n";
  }
  testsupport::write_file(f.corpus, corpus);
  return f;
}

// `--json --threads 1 shift ... --max-new-tokens 6 [--session S] [--shard I/N]`.
inline std::vector<std::string> shift_args(const Fixture& f, const fs::path& session, const std::string& shard,
                                           const fs::path& tuned = {}, const fs::path& prompts = {},
                                           const std::string& max_new = "6") {
  std::vector<std::string> a{"--json", "--threads", "1", "shift", "--base", f.base.string(), "--tuned",
                             (tuned.empty() ? f.tuned : tuned).string(), "--tokenizer", f.tokenizer.string(),
                             "--prompts", (prompts.empty() ? f.prompts : prompts).string(), "--max-new-tokens", max_new};
  if (!session.empty()) a.insert(a.end(), {"--session", session.string()});
  if (!shard.empty()) a.insert(a.end(), {"--shard", shard});
  return a;
}

// `--json --threads 1 compare ... --context 16 --batch B --session S [--shard I/N]`.
inline std::vector<std::string> compare_args(const Fixture& f, const fs::path& session, const std::string& shard,
                                             const std::string& batch = "1") {
  std::vector<std::string> a{"--json", "--threads", "1", "compare", "--base", f.base.string(), "--tuned",
                             f.tuned.string(), "--tokenizer", f.tokenizer.string(), "--corpus", f.corpus.string(),
                             "--context", "16", "--batch", batch, "--session", session.string()};
  if (!shard.empty()) a.insert(a.end(), {"--shard", shard});
  return a;
}

// `--json --threads 1 zoom ... --prompt "the" --context 16 --batch B --session S [--shard I/N]`.
inline std::vector<std::string> zoom_args(const Fixture& f, const fs::path& session, const std::string& shard,
                                          const std::string& batch = "1") {
  std::vector<std::string> a{"--json", "--threads", "1", "zoom", "--base", f.base.string(), "--tuned", f.tuned.string(),
                             "--tokenizer", f.tokenizer.string(), "--corpus", f.corpus.string(), "--prompt", "the",
                             "--context", "16", "--batch", batch, "--session", session.string()};
  if (!shard.empty()) a.insert(a.end(), {"--shard", shard});
  return a;
}

inline json run_ok(const std::vector<std::string>& args) {
  const auto r = testsupport::run_cli(args);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.exit_code == 0 ? json::parse(r.out) : json();
}

inline std::vector<std::string> with(std::vector<std::string> a, const std::vector<std::string>& more) {
  a.insert(a.end(), more.begin(), more.end());
  return a;
}

}  // namespace tinyshard
