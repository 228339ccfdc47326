// --slice on the command line: a rule that is not one, or a name missing from the session, fails before
// any model is loaded, with a message that says what --slice accepts; --help documents the syntax.
#include <gtest/gtest.h>

#include "core/store/library.h"
#include "core/store/schema.h"
#include "core/store/session_file.h"
#include "tests/support/test_support.h"
#include "tests/unit/store_test_data.h"

using testsupport::run_cli;

TEST(CliSlice, ANonsenseRuleFailsBeforeScoringAndSaysHowToNameASavedSlice) {
  const auto run = run_cli({"score", "--model", "/no/such/model", "--text", "hi", "--slice", "kl_bt>>1"});
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_NE(run.err.find("not a slice rule"), std::string::npos) << run.err;
  EXPECT_EQ(run.err.find("/no/such/model"), std::string::npos) << "the slice is read before the model: " << run.err;
}

TEST(CliSlice, AValidRuleIsAcceptedAndTheModelIsLoadedNext) {
  for (const char* rule : {"kl_bt>0.5@sft", "rank<2@0", "metadata:category=a,b", "regex:\\bthe\\b",
                           R"({"kind":"regex","pattern":"x","case_sensitive":true})"}) {
    const auto run = run_cli({"score", "--model", "/no/such/model", "--text", "hi", "--slice", rule});
    EXPECT_EQ(run.exit_code, 1) << rule;
    EXPECT_NE(run.err.find("/no/such/model"), std::string::npos) << rule << ": " << run.err;
  }
}

TEST(CliSlice, ANameMissingFromTheSessionListsTheSlicesThatAreThere) {
  testsupport::TempDir dir;
  {
    auto session = core::store::SessionFile::create(dir / "s.cartograph");
    ASSERT_TRUE(session) << session.error().what();
    core::store::Library library(*session);
    ASSERT_TRUE(library.save_slice("zippy only", R"({"field":"category","kind":"metadata","values":["zippy"]})"));
  }
  const auto run = run_cli({"score", "--model", "/no/such/model", "--text", "hi", "--session",
                            (dir / "s.cartograph").string(), "--slice", "zippy"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("\"zippy only\""), std::string::npos) << run.err;
  const auto found = run_cli({"score", "--model", "/no/such/model", "--text", "hi", "--session",
                              (dir / "s.cartograph").string(), "--slice", "zippy only"});
  EXPECT_NE(found.err.find("/no/such/model"), std::string::npos) << "found, then the model fails: " << found.err;
}

TEST(CliSlice, ASessionOfAnEarlierSchemaIsUpgradedByACommandThatWritesToIt) {
  // `score --session S --slice NAME` writes its run to S: the slice is looked up in S opened writable,
  // so a session from the previous Cartograph (schema 10 here) is upgraded, not refused as read-only.
  testsupport::TempDir dir;
  const auto file = dir / "old.cartograph";
  {
    auto session = core::store::SessionFile::create(file);
    ASSERT_TRUE(session) << session.error().what();
    ASSERT_TRUE(core::store::Library(*session).save_slice("zippy only", R"({"field":"category","kind":"metadata","values":["zippy"]})"));
  }
  storetest::undo_schema_twelve(file);
  storetest::raw_exec(file, "DROP TABLE run_histograms; PRAGMA user_version = 10;");
  const auto run = run_cli({"score", "--model", "/no/such/model", "--text", "hi", "--session", file.string(),
                            "--slice", "zippy only"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.err.find("must be upgraded"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("/no/such/model"), std::string::npos) << "the slice was found, then the model failed: " << run.err;
  auto upgraded = core::store::SessionFile::open(file, core::store::OpenMode::ReadOnly);
  ASSERT_TRUE(upgraded) << upgraded.error().what();
  EXPECT_EQ(upgraded->schema_version(), core::store::current_schema_version());
}

TEST(CliSlice, HelpOfEveryTerritoryCommandDocumentsTheRules) {
  for (const char* command : {"score", "compare", "zoom"}) {
    const auto run = run_cli({command, "--help"});
    EXPECT_EQ(run.exit_code, 0) << command;
    EXPECT_NE(run.out.find("metadata:FIELD=V1,V2"), std::string::npos) << command;
    EXPECT_NE(run.out.find("kl_bt"), std::string::npos) << command;
  }
}
