#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/support/test_support.h"

using testsupport::run_cli;

TEST(Cli, VersionPrintsEveryComponent) {
  const auto run = run_cli({"--version"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  for (const char* key : {"Cartograph: ", "LibTorch: ", "BLAS: ", "SQLite: "})
    EXPECT_NE(run.out.find(key), std::string::npos) << key << " missing in:\n" << run.out;
}

TEST(Cli, VersionJsonIsOneDocument) {
  const auto run = run_cli({"version", "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto doc = nlohmann::json::parse(run.out);
  EXPECT_EQ(doc["cartograph"], CARTOGRAPH_VERSION_STRING);
  EXPECT_FALSE(doc["sqlite"].get<std::string>().empty());
}

TEST(Cli, UnknownSubcommandExitsTwoWithAUsageLine) {
  const auto run = run_cli({"frobnicate"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err.rfind("error: ", 0), 0u) << run.err;
  EXPECT_NE(run.err.find("usage: cartograph-cli"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("unknown command \"frobnicate\""), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("score"), std::string::npos) << run.err;  // the commands that exist
  EXPECT_TRUE(run.out.empty());
}

TEST(Cli, NoSubcommandIsAUsageError) {
  const auto run = run_cli({});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("usage:"), std::string::npos);
}

TEST(Cli, HelpListsSubcommandsAndExitsZero) {
  const auto run = run_cli({"--help"});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_NE(run.out.find("version"), std::string::npos) << run.out;
}
