#include <gtest/gtest.h>

#include <cstdlib>
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

// Every command runs with passive OpenMP waiting (core/threads.h), not only the benchmark, unless the
// user chose a policy: the policy is what the process actually runs with, as `version` reports it.
TEST(Cli, EveryCommandRunsWithPassiveOpenMpWaitingUnlessTheUserChoseAPolicy) {
  const char* before = std::getenv("OMP_WAIT_POLICY");
  const std::string saved = before ? before : "";
  ::unsetenv("OMP_WAIT_POLICY");
  const auto chosen_by_us = run_cli({"version", "--json"});
  ::setenv("OMP_WAIT_POLICY", "ACTIVE", 1);
  const auto chosen_by_user = run_cli({"version", "--json"});
  const auto printed = run_cli({"--version"});
  if (before) ::setenv("OMP_WAIT_POLICY", saved.c_str(), 1); else ::unsetenv("OMP_WAIT_POLICY");

  ASSERT_EQ(chosen_by_us.exit_code, 0) << chosen_by_us.err;
  EXPECT_EQ(nlohmann::json::parse(chosen_by_us.out).at("omp_wait_policy"), "PASSIVE");
  ASSERT_EQ(chosen_by_user.exit_code, 0) << chosen_by_user.err;
  EXPECT_EQ(nlohmann::json::parse(chosen_by_user.out).at("omp_wait_policy"), "ACTIVE");
  EXPECT_NE(printed.out.find("OpenMP waiting ACTIVE"), std::string::npos) << printed.out;
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
