// The demo end to end, as a user runs it (`cartograph-cli demo --json`), on the tiny preset: the
// distortions it is built to show are really there, in the session it writes; the same seed gives
// the same weights, another seed other weights; a second call is served from the cache.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>

#include "core/demo/demo.h"
#include "core/store/run_reader.h"
#include "core/store/session_file.h"
#include "core/store/schema.h"
#include "tests/support/test_support.h"
#include "tests/unit/store_test_data.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kFortunes = "/usr/share/games/fortunes";

json build(const std::vector<std::string>& extra) {
  std::vector<std::string> args{"--json", "-q", "demo", "--preset", "tiny"};
  args.insert(args.end(), extra.begin(), extra.end());
  const auto run = testsupport::run_cli(args);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  if (run.exit_code != 0) return json::object();
  return json::parse(run.out);
}

std::map<std::string, std::string> hashes(const json& demo) {
  std::map<std::string, std::string> out;
  for (const auto& m : demo.at("checkpoints")) out[m.at("name")] = m.at("sha256");
  return out;
}

TEST(Demo, TinyShowsTheDistortionsItIsBuiltFor) {
  ASSERT_TRUE(fs::exists(kFortunes)) << "the fortunes package is missing: run packaging/install-deps.sh";
  testsupport::TempDir dir;
  const json demo = build({"--out", (dir / "demo").string()});
  ASSERT_TRUE(demo.contains("session"));
  const json& e = demo.at("effects");
  std::cout << "tiny demo effects: " << e.dump() << "\n";

  // SFT on one category: a better map of it, a worse map of every other.
  EXPECT_LT(e.at("sft_delta_nll_own").get<double>(), 0);
  EXPECT_GT(e.at("sft_delta_nll_other").get<double>(), 0);
  // The matching header prompt explains part of the SFT map's KL (over the whole territory).
  EXPECT_GT(e.at("zoom_recovered").get<double>(), 0);
  EXPECT_LT(e.at("zoom_kp").get<double>(), e.at("zoom_k0").get<double>());

  // RL: entropy falls for both, more with the weaker KL penalty, which also moves further.
  // Read from the session, as the workbench shows it.
  auto session = core::store::SessionFile::open(demo.at("session").get<std::string>(), core::store::OpenMode::ReadOnly);
  ASSERT_TRUE(session) << session.error().message;
  core::store::RunReader reader(*session);
  auto runs = reader.list_runs();
  ASSERT_TRUE(runs) << runs.error().message;
  ASSERT_EQ(runs->size(), 2u);
  EXPECT_EQ((*runs)[0].map_names, (std::vector<std::string>{"base", "sft-zippy", "rl-weak-kl", "rl-strong-kl"}));
  EXPECT_FALSE((*runs)[1].prompt.empty());
  auto comparison = reader.load_run((*runs)[0].id);
  ASSERT_TRUE(comparison) << comparison.error().message;
  const auto& s = comparison->summaries;
  ASSERT_EQ(s.size(), 4u);
  EXPECT_LT(s[3].delta_entropy, 0);
  EXPECT_LT(s[2].delta_entropy, s[3].delta_entropy);
  EXPECT_GT(s[2].kl_tb_mean, s[3].kl_tb_mean);
  EXPECT_NEAR(s[2].delta_entropy, e.at("rl_weak_delta_entropy").get<double>(), 1e-9);
  EXPECT_EQ(comparison->documents.size(), std::size_t(demo.at("documents").at("territory").get<int>()));
}

TEST(Demo, SameSeedSameWeightsAndASecondCallIsCached) {
  ASSERT_TRUE(fs::exists(kFortunes)) << "the fortunes package is missing: run packaging/install-deps.sh";
  testsupport::TempDir dir;
  const std::string small = R"({"pretrain_steps": 20, "sft_steps": 5, "rl_steps": 3, "max_territory_documents": 60})";
  const json a = build({"--out", (dir / "a").string(), "--recipe", small});
  const json b = build({"--out", (dir / "b").string(), "--recipe", small});
  const json c = build({"--out", (dir / "c").string(), "--recipe", small, "--seed", "2"});
  ASSERT_EQ(hashes(a).size(), 4u);
  EXPECT_EQ(hashes(a), hashes(b));
  for (const auto& [name, hash] : hashes(a)) EXPECT_NE(hash, hashes(c)[name]) << name;
  EXPECT_FALSE(a.at("cached").get<bool>());

  const json again = build({"--out", (dir / "a").string(), "--recipe", small});
  EXPECT_TRUE(again.at("cached").get<bool>());
  EXPECT_EQ(hashes(again), hashes(a));
  EXPECT_EQ(again.at("session"), a.at("session"));
}

TEST(Demo, MissingFortunesAndUnknownCategoryAreClearErrors) {
  testsupport::TempDir dir;
  auto run = testsupport::run_cli({"demo", "--preset", "tiny", "--out", (dir / "x").string(), "--fortunes",
                                   (dir / "nowhere").string()});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("error:"), std::string::npos);
  EXPECT_NE(run.err.find("nowhere"), std::string::npos) << run.err;
  ASSERT_TRUE(fs::exists(kFortunes)) << "the fortunes package is missing: run packaging/install-deps.sh";
  run = testsupport::run_cli({"demo", "--preset", "tiny", "--out", (dir / "y").string(), "--sft-category", "nosuch"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("no fortune category \"nosuch\""), std::string::npos) << run.err;
}

}  // namespace

// The GUI's cache folder preference (DemoOptions::root): the demo is built there under its key, and
// found there again.
TEST(Demo, ARootFolderHoldsTheDemoUnderItsKeyAndIsWhereTheCacheIsFound) {
  ASSERT_TRUE(fs::exists(kFortunes)) << "the fortunes package is missing: run packaging/install-deps.sh";
  testsupport::TempDir dir;
  auto recipe = core::demo::apply_recipe_json(core::demo::DemoRecipe::tiny(),
                                              R"({"pretrain_steps": 20, "sft_steps": 5, "rl_steps": 3, "max_territory_documents": 60})");
  ASSERT_TRUE(recipe) << recipe.error().what();
  core::demo::DemoOptions options;
  options.recipe = *recipe;
  options.root = dir / "cache";
  auto built = core::demo::build_demo(options);
  ASSERT_TRUE(built) << built.error().what();
  EXPECT_EQ(built->folder, dir / "cache" / ("demo-" + built->key.substr(0, 16)));
  EXPECT_TRUE(fs::exists(built->session));
  auto again = core::demo::build_demo(options);
  ASSERT_TRUE(again) << again.error().what();
  EXPECT_TRUE(again->cached);
  EXPECT_EQ(again->session, built->session);
}

// A demo cached by an earlier Cartograph holds a session of an earlier schema. Asking for the demo
// again upgrades it in place (still cached, same weights), so readers that open it read-only (exports,
// the sampler, the track reader) can.
TEST(Demo, ACachedDemoOfAnEarlierSchemaIsUpgradedForReadOnlyReaders) {
  ASSERT_TRUE(fs::exists(kFortunes)) << "the fortunes package is missing: run packaging/install-deps.sh";
  testsupport::TempDir dir;
  const std::string small = R"({"pretrain_steps": 20, "sft_steps": 5, "rl_steps": 3, "max_territory_documents": 60})";
  const json a = build({"--out", (dir / "a").string(), "--recipe", small});
  const fs::path session = a.at("session").get<std::string>();
  // Schema 10: no stored histograms.
  storetest::undo_schema_twelve(session);
  storetest::raw_exec(session, "DROP TABLE run_histograms; PRAGMA user_version = 10;");
  auto old = core::store::SessionFile::open(session, core::store::OpenMode::ReadOnly);
  ASSERT_FALSE(old) << "a read-only reader cannot upgrade it";
  EXPECT_EQ(old.error().code, core::ErrorCode::ReadOnly);

  const json again = build({"--out", (dir / "a").string(), "--recipe", small});
  EXPECT_TRUE(again.at("cached").get<bool>());
  EXPECT_EQ(hashes(again), hashes(a));
  auto current = core::store::SessionFile::open(session, core::store::OpenMode::ReadOnly);
  ASSERT_TRUE(current) << current.error().what();
  EXPECT_EQ(current->schema_version(), core::store::current_schema_version());
  auto runs = core::store::RunReader(*current).list_runs();
  ASSERT_TRUE(runs && !runs->empty());
  auto run = core::store::RunReader(*current).load_run(runs->front().id);
  ASSERT_TRUE(run) << run.error().what();
  EXPECT_FALSE(run->histograms) << "a run stored before schema 11 is summarised from its tracks";
}
