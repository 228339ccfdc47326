#include "tests/support/shard_fixture.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <random>

#include "core/analysis/fields.h"
#include "core/store/run_reader.h"
#include "core/store/session_file.h"
#include "tests/support/store_compare.h"

namespace testsupport {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

void write_perturbed(const fs::path& from, const fs::path& to, float scale) {
  std::string bytes = read_file(from);
  const std::size_t floats = (bytes.size() - 28) / 4;
  auto* w = reinterpret_cast<float*>(bytes.data() + 28);
  for (std::size_t i = 0; i < floats; ++i)
    if (i % 7 == 0) w[i] *= scale + 0.1f * float(std::sin(double(i)));
  write_file(to, bytes);
}

// 23 documents of uneven length cut from tinyshakespeare, several longer than the 64-token window.
void write_territory(const fs::path& data, const fs::path& to) {
  const std::string text = read_file(data / "corpus/tinyshakespeare/input.txt");
  std::mt19937 rng(7);
  std::string out;
  std::size_t at = 0;
  for (int d = 0; d < 23; ++d) {
    const std::size_t len = 40 + rng() % (d % 4 == 0 ? 1400 : 300);
    json line{{"text", text.substr(at, len)}, {"act", std::to_string(d % 3)}};
    out += line.dump() + "\n";
    at += len;
  }
  write_file(to, out);
}

struct Fixture {
  fs::path base, tuned, other_tuned, tokenizer, corpus, other_corpus;
};

}  // namespace

ShardFixture make_shard_fixture(const fs::path& data, const TempDir& dir) {
  ShardFixture f{data / "stories260K/stories260K.bin", dir / "tuned.bin", dir / "other_tuned.bin",
            data / "stories260K/tok512.bin", dir / "territory.jsonl", dir / "other.jsonl"};
  write_perturbed(f.base, f.tuned, 1.25f);
  write_perturbed(f.base, f.other_tuned, 1.1f);
  write_territory(data, f.corpus);
  std::string other = read_file(f.corpus);
  other[20] = other[20] == 'a' ? 'b' : 'a';  // one character differs: another territory
  write_file(f.other_corpus, other);
  return f;
}

std::vector<std::string> shard_compare_args(const ShardFixture& f, const fs::path& session, const std::string& shard,
                                            const fs::path& tuned, const fs::path& corpus, const std::string& top_k) {
  std::vector<std::string> a{"--json", "--threads", "1", "compare", "--base", f.base.string(), "--tuned",
                             (tuned.empty() ? f.tuned : tuned).string(), "--tokenizer", f.tokenizer.string(),
                             "--corpus", (corpus.empty() ? f.corpus : corpus).string(), "--context", "64", "--batch", "2",
                             "--top-k", top_k, "--session", session.string()};
  if (!shard.empty()) a.insert(a.end(), {"--shard", shard});
  return a;
}

// The session's one run with every document's tracks.
core::analysis::RunResult load_only_run(const fs::path& path) {
  auto session = core::store::SessionFile::open(path, core::store::OpenMode::ReadOnly);
  EXPECT_TRUE(session) << session.error().what();
  if (!session) return {};
  core::store::RunReader reader(*session);
  auto runs = reader.list_runs();
  EXPECT_TRUE(runs && runs->size() == 1);
  if (!runs || runs->empty()) return {};
  auto run = reader.load_run(runs->back().id);
  EXPECT_TRUE(run) << run.error().what();
  for (auto& d : run->documents) d.maps = *reader.load_tracks(runs->back().id, d.index);
  return *run;
}

// Per-token metrics bit for bit (tokens, every track array, top-k ids and stored probabilities) and
// every summary figure to 1e-12 (relative).
void expect_same_run(const core::analysis::RunResult& whole, const core::analysis::RunResult& merged,
                     const std::string& what) {
  ASSERT_EQ(whole.documents.size(), merged.documents.size()) << what;
  ASSERT_EQ(whole.maps.size(), merged.maps.size()) << what;
  for (std::size_t d = 0; d < whole.documents.size(); ++d) {
    const auto &a = whole.documents[d], &b = merged.documents[d];
    ASSERT_EQ(a.index, b.index) << what;
    ASSERT_EQ(a.tokens, b.tokens) << what << ": document " << a.index;
    ASSERT_EQ(a.maps.size(), b.maps.size());
    for (std::size_t m = 0; m < a.maps.size(); ++m)
      ASSERT_EQ(first_difference(a.maps[m], b.maps[m]), "")
          << what << ": document " << a.index << ", map " << m;
  }
  ASSERT_EQ(whole.summaries.size(), merged.summaries.size());
  for (std::size_t m = 0; m < whole.summaries.size(); ++m)
    for (const auto& field : core::analysis::summary_fields()) {
      const double x = field.get(whole.summaries[m]), y = field.get(merged.summaries[m]);
      EXPECT_LE(std::abs(x - y), 1e-12 * std::max(1.0, std::abs(x)))
          << what << ": map " << m << " " << field.key << " " << x << " vs " << y;
    }
}

nlohmann::json cli_json_ok(const std::vector<std::string>& args) {
  const auto r = run_cli(args);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.exit_code == 0 ? nlohmann::json::parse(r.out) : nlohmann::json();
}

}  // namespace testsupport
