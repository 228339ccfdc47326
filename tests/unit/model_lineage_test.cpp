// Lineage folders (Pythia's step1000/ ... step143000/): discovered and ordered by step number, not
// by name, with clear refusals; `compare --lineage` runs the whole lineage in that order.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>

#include "core/model/lineage.h"
#include "tests/support/test_support.h"

using core::model::discover_lineage;
using testsupport::TempDir;
namespace fs = std::filesystem;

namespace {

void revision_folder(const fs::path& p) {
  fs::create_directories(p);
  testsupport::write_file(p / "config.json", "{}");
}

}  // namespace

TEST(Lineage, RevisionsAreOrderedByTheirStepNumberNotTheirName) {
  TempDir dir;
  for (const char* n : {"step143000", "step1000", "step10000", "step2000", "step0"}) revision_folder(dir / n);
  fs::create_directories(dir / "tokenizer");  // no config.json: not a revision
  testsupport::write_file(dir / "README.md", "notes");
  testsupport::write_file(dir / "step512.gguf", "GGUF");  // files count too
  auto r = discover_lineage(dir.path());
  ASSERT_TRUE(r) << r.error().what();
  std::vector<std::string> names;
  for (const auto& rev : *r) names.push_back(rev.name);
  EXPECT_EQ(names, (std::vector<std::string>{"step0", "step512.gguf", "step1000", "step2000", "step10000", "step143000"}));
  EXPECT_EQ(r->back().step, 143000u);
  EXPECT_EQ(r->back().path, dir / "step143000");
}

TEST(Lineage, UnorderableFoldersAreRefusedNamingTheRevision) {
  TempDir a;
  revision_folder(a / "step1000");
  revision_folder(a / "final");
  auto r = discover_lineage(a.path());
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("revision \"final\" has no step number"), std::string::npos) << r.error().what();
  EXPECT_EQ(r.error().path, a.path().string());

  TempDir b;
  revision_folder(b / "step1000");
  revision_folder(b / "step01000");
  r = discover_lineage(b.path());
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("have the same step 1000"), std::string::npos) << r.error().what();

  TempDir c;
  revision_folder(c / "step99999999999999999999999");
  r = discover_lineage(c.path());
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("too large"), std::string::npos) << r.error().what();

  TempDir empty;
  r = discover_lineage(empty.path());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::NotFound);
  EXPECT_FALSE(discover_lineage(empty / "missing"));
}

TEST(Lineage, CompareRunsTheWholeLineageInStepOrder) {
  if (!fs::exists("/usr/bin/python3")) GTEST_SKIP() << "needs Debian's /usr/bin/python3 with numpy for the fixture";
  TempDir dir;
  const std::string make = "/usr/bin/python3 " + std::string(CARTOGRAPH_SOURCE_DIR) + "/tests/support/gguf_fixture.py toy " +
                           dir.path().string() + " 2>" + (dir / "py.err").string();
  ASSERT_EQ(std::system(make.c_str()), 0) << testsupport::read_file(dir / "py.err");
  fs::create_directories(dir / "revisions");
  fs::copy_file(dir / "model-q4_k.gguf", dir / "revisions/step200.gguf");
  fs::copy_file(dir / "model-q8_0.gguf", dir / "revisions/step30.gguf");
  fs::copy_file(dir / "model-f32.gguf", dir / "revisions/step1000.gguf");
  testsupport::write_file(dir / "c.txt", "the cat sat on the mat, and then the dog went in.");
  const auto run = testsupport::run_cli({"--json", "compare", "--lineage", (dir / "revisions").string(), "--corpus",
                                         (dir / "c.txt").string()});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto out = nlohmann::json::parse(run.out);
  ASSERT_EQ(out["checkpoints"].size(), 3u);
  EXPECT_EQ(out["checkpoints"][0]["name"], "step30.gguf");
  EXPECT_EQ(out["checkpoints"][1]["name"], "step200.gguf");
  EXPECT_EQ(out["checkpoints"][2]["name"], "step1000.gguf");
  // step200 (Q4_K) is farther from the Q8_0 base than step1000 (float32, which Q8_0 approximates).
  EXPECT_GT(out["checkpoints"][1]["kl_bt_mean"].get<double>(), out["checkpoints"][2]["kl_bt_mean"].get<double>());

  const auto both = testsupport::run_cli({"compare", "--lineage", (dir / "revisions").string(), "--base",
                                          (dir / "model-f32.gguf").string(), "--corpus", (dir / "c.txt").string()});
  EXPECT_EQ(both.exit_code, 2) << "--lineage excludes --base";
  const auto neither = testsupport::run_cli({"compare", "--corpus", (dir / "c.txt").string()});
  EXPECT_EQ(neither.exit_code, 2) << neither.err;
}
