// `zoom --best-by` (issue 14: the best prompt per document and per metadata value) on the real stories260K
// map and a perturbed copy through the real CLI. The truth for each group is the zoom restricted to that
// group's documents by a metadata slice (`--slice metadata:FIELD=V`, another code path: the slice
// engine and the ranking rows): the best prompt is the one with the highest zoom_recovered there, with
// the same numbers.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>

#include "tests/support/shard_fixture.h"

namespace zoom_best {

namespace fs = std::filesystem;
using nlohmann::json;

const std::vector<std::string> kPrompts{"Once upon a time, in a quiet village,", "The little girl said:",
                                        "ROMEO:\n"};

std::vector<std::string> zoom_args(const testsupport::ShardFixture& f, const fs::path& session) {
  std::vector<std::string> a{"--json", "--threads", "1", "zoom", "--base", f.base.string(), "--tuned", f.tuned.string(),
                             "--tuned", f.other_tuned.string(), "--tokenizer", f.tokenizer.string(), "--corpus",
                             f.corpus.string(), "--context", "64", "--batch", "2", "--session", session.string()};
  for (const std::string& p : kPrompts) a.insert(a.end(), {"--prompt", p});
  return a;
}

using testsupport::cli_json_ok;

TEST(ZoomBestGolden, BestPromptPerMetadataValueIsTheBestOfThatValuesSlice) {
  CARTOGRAPH_REQUIRE_TEST_DATA(data);
  testsupport::TempDir dir;
  const auto f = testsupport::make_shard_fixture(data, dir);
  const fs::path session = dir / "s.cartograph";
  auto args = zoom_args(f, session);
  args.insert(args.end(), {"--best-by", "act"});
  const json best = cli_json_ok(args);
  ASSERT_TRUE(best.contains("best")) << best.dump();
  EXPECT_EQ(best["best"]["by"], "act");
  const json& groups = best["best"]["groups"];
  ASSERT_EQ(groups.size(), 3u * 2u) << "acts 0, 1, 2 x two tuned maps";
  for (const std::string act : {"0", "1", "2"}) {
    // The same maps and prompts (the session's run is reused), over this act's documents only.
    auto sliced = zoom_args(f, session);
    sliced.insert(sliced.end(), {"--slice", "metadata:act=" + act});
    const json truth = cli_json_ok(sliced);
    ASSERT_EQ(truth["rows"].size(), kPrompts.size() * 2);
    for (int map = 1; map <= 2; ++map) {
      const json* top = nullptr;
      for (const json& r : truth["rows"])
        if (r["map_index"] == map && (!top || r["zoom_recovered"].get<double>() > (*top)["zoom_recovered"].get<double>()))
          top = &r;
      ASSERT_NE(top, nullptr);
      const json* found = nullptr;
      for (const json& g : groups)
        if (g["group"] == act && g["map_index"] == map) found = &g;
      ASSERT_NE(found, nullptr) << "act " << act << ", map " << map;
      EXPECT_EQ((*found)["prompt"], (*top)["prompt"]) << "act " << act << ", map " << map;
      EXPECT_EQ((*found)["tokens"], (*top)["tokens"]);
      EXPECT_NEAR((*found)["zoom_recovered"].get<double>(), (*top)["zoom_recovered"].get<double>(), 1e-12);
      EXPECT_NEAR((*found)["k0"].get<double>(), (*top)["k0"].get<double>(), 1e-12);
    }
  }
  // Per document: one group per document and map, each naming one of the prompts.
  auto per_doc = zoom_args(f, session);
  per_doc.insert(per_doc.end(), {"--best-by", "document"});
  const json docs = cli_json_ok(per_doc);
  EXPECT_EQ(docs["best"]["groups"].size(), 23u * 2u);
  for (const json& g : docs["best"]["groups"])
    EXPECT_NE(std::find(kPrompts.begin(), kPrompts.end(), g["prompt"].get<std::string>()), kPrompts.end());
}

TEST(ZoomBestGolden, AFieldNoDocumentHasIsOneErrorListingTheFields) {
  CARTOGRAPH_REQUIRE_TEST_DATA(data);
  testsupport::TempDir dir;
  const auto f = testsupport::make_shard_fixture(data, dir);
  auto args = zoom_args(f, dir / "s.cartograph");
  args.insert(args.end(), {"--best-by", "genre"});
  const auto r = testsupport::run_cli(args);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("--best-by genre"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("fields: act"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(f.corpus.string()), std::string::npos) << "names the territory: " << r.err;
}

}  // namespace zoom_best
