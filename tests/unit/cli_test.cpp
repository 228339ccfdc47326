#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <optional>
#include <string>
#include <nlohmann/json.hpp>

#include "core/blas_kernels.h"
#include "tests/support/test_support.h"

using testsupport::run_cli;

TEST(Cli, VersionPrintsEveryComponent) {
  const auto run = run_cli({"--version"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  for (const char* key : {"Cartograph: ", "LibTorch: ", "BLAS: ", "SQLite: "})
    EXPECT_NE(run.out.find(key), std::string::npos) << key << " missing in:\n" << run.out;
  // The thread count the commands run with, as `version` reports it (it printed "1 thread" on a
  // 2-core machine before the flag applied --threads' default).
  const auto version = run_cli({"--json", "version"});
  ASSERT_EQ(version.exit_code, 0) << version.err;
  const int threads = nlohmann::json::parse(version.out)["threads"].get<int>();
  EXPECT_NE(run.out.find("(" + std::to_string(threads) + (threads == 1 ? " thread," : " threads,")), std::string::npos)
      << run.out;
  const auto one = run_cli({"--threads", "1", "--version"});
  EXPECT_NE(one.out.find("(1 thread,"), std::string::npos) << one.out;
}

// Output that cannot be written (here a full disk, /dev/full) fails a command that had succeeded, and
// says so; before, the launcher's exit dropped the error and reported success.
TEST(Cli, OutputThatCannotBeWrittenFailsTheCommand) {
  testsupport::TempDir dir;
  const int pid = testsupport::spawn_cli({"--version"}, "/dev/full", dir / "err.txt");
  ASSERT_GT(pid, 0);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 1);
  const std::string err = testsupport::read_file(dir / "err.txt");
  EXPECT_NE(err.find("writing the output"), std::string::npos) << err;
  EXPECT_NE(err.find("No space left on device"), std::string::npos) << err;
}

TEST(Cli, VersionJsonIsOneDocument) {
  const auto run = run_cli({"version", "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto doc = nlohmann::json::parse(run.out);
  EXPECT_EQ(doc["cartograph"], CARTOGRAPH_VERSION_STRING);
  EXPECT_FALSE(doc["sqlite"].get<std::string>().empty());
}

namespace clitest {
// Sets (or, with nullptr, unsets) an environment variable for one scope, restoring it after.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* before = std::getenv(name)) saved_ = before;
    if (value) ::setenv(name, value, 1); else ::unsetenv(name);
  }
  ~ScopedEnv() {
    if (saved_) ::setenv(name_, saved_->c_str(), 1); else ::unsetenv(name_);
  }

 private:
  const char* name_;
  std::optional<std::string> saved_;
};
}  // namespace clitest

// Every command runs with passive OpenMP waiting after a short spin and OpenBLAS threads that sleep
// when idle (core/quiet_pools.h), not only the benchmark, unless the user chose otherwise: the settings
// are what the process actually runs with, as `version` reports them.
TEST(Cli, EveryCommandRunsWithQuietThreadPoolsUnlessTheUserChoseOtherwise) {
  testsupport::Run chosen_by_us, chosen_by_user, one_chosen, spin_chosen, printed;
  {
    clitest::ScopedEnv spin("GOMP_SPINCOUNT", nullptr), policy("OMP_WAIT_POLICY", nullptr),
        timeout("OPENBLAS_THREAD_TIMEOUT", nullptr);
    chosen_by_us = run_cli({"version", "--json"});
  }
  {
    clitest::ScopedEnv spin("GOMP_SPINCOUNT", nullptr), policy("OMP_WAIT_POLICY", "ACTIVE"),
        timeout("OPENBLAS_THREAD_TIMEOUT", "28");
    chosen_by_user = run_cli({"version", "--json"});
    printed = run_cli({"--version"});
  }
  {
    clitest::ScopedEnv spin("GOMP_SPINCOUNT", nullptr), policy("OMP_WAIT_POLICY", "ACTIVE"),
        timeout("OPENBLAS_THREAD_TIMEOUT", nullptr);
    one_chosen = run_cli({"version", "--json"});
  }
  {
    clitest::ScopedEnv spin("GOMP_SPINCOUNT", "123"), policy("OMP_WAIT_POLICY", nullptr),
        timeout("OPENBLAS_THREAD_TIMEOUT", nullptr);
    spin_chosen = run_cli({"version", "--json"});
  }

  const auto field = [](const testsupport::Run& run, const char* key) {
    return nlohmann::json::parse(run.out).at(key).get<std::string>();
  };
  ASSERT_EQ(chosen_by_us.exit_code, 0) << chosen_by_us.err;
  EXPECT_EQ(field(chosen_by_us, "omp_wait_policy"), "PASSIVE");
  EXPECT_EQ(field(chosen_by_us, "omp_spin_count"), "4000");
  EXPECT_EQ(field(chosen_by_us, "blas_thread_timeout"), "4");
  ASSERT_EQ(chosen_by_user.exit_code, 0) << chosen_by_user.err;
  EXPECT_EQ(field(chosen_by_user, "omp_wait_policy"), "ACTIVE");
  EXPECT_EQ(field(chosen_by_user, "omp_spin_count"), "") << "the user's policy keeps its own spinning";
  EXPECT_EQ(field(chosen_by_user, "blas_thread_timeout"), "28");
  EXPECT_NE(printed.out.find("OpenMP waiting ACTIVE)"), std::string::npos) << printed.out;
  EXPECT_NE(printed.out.find("sleep after 2^28 cycles"), std::string::npos) << printed.out;
  ASSERT_EQ(one_chosen.exit_code, 0) << one_chosen.err;
  EXPECT_EQ(field(one_chosen, "omp_wait_policy"), "ACTIVE") << "the user's choice is kept";
  EXPECT_EQ(field(one_chosen, "omp_spin_count"), "");
  EXPECT_EQ(field(one_chosen, "blas_thread_timeout"), "4") << "and the other still set";
  ASSERT_EQ(spin_chosen.exit_code, 0) << spin_chosen.err;
  EXPECT_EQ(field(spin_chosen, "omp_spin_count"), "123") << "the user's spin count is kept";
  EXPECT_EQ(field(spin_chosen, "omp_wait_policy"), "PASSIVE");
}

// libgomp's own view of its settings, printed by libgomp as it initialises (OMP_DISPLAY_ENV): a spin
// count of 4000 (core/quiet_pools.h), printed once, so LibTorch and its OpenMP runtime load once per
// command: the executable sets the variables before it opens the CLI's module, instead of running
// itself a second time (about 0.3-0.7 s of loading libraries each time).
TEST(Cli, TheOpenMpRuntimeLoadsOnceAlreadyQuiet) {
  testsupport::Run run;
  {
    clitest::ScopedEnv spin("GOMP_SPINCOUNT", nullptr), policy("OMP_WAIT_POLICY", nullptr),
        timeout("OPENBLAS_THREAD_TIMEOUT", nullptr), display("OMP_DISPLAY_ENV", "VERBOSE");
    run = run_cli({"version", "--json"});
  }
  ASSERT_EQ(run.exit_code, 0) << run.err;
  std::size_t shown = 0;
  for (std::size_t at = run.err.find("GOMP_SPINCOUNT"); at != std::string::npos;
       at = run.err.find("GOMP_SPINCOUNT", at + 1))
    ++shown;
  EXPECT_EQ(shown, 1u) << run.err;
  EXPECT_NE(run.err.find("GOMP_SPINCOUNT = '4000'"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("OMP_WAIT_POLICY = 'PASSIVE'"), std::string::npos) << run.err;
}

// OpenBLAS's kernels (core/blas_kernels.h): the launcher asks a child which set OpenBLAS chooses and
// raises it to the CPU's vector width (its cpuid bits) before LibTorch loads; a user's own choice stands.
TEST(Cli, RunsOpenBlasAtTheCpusVectorWidthAndKeepsTheUsersChoice) {
  testsupport::Run run;
  {
    clitest::ScopedEnv unset("OPENBLAS_CORETYPE", nullptr);
    run = run_cli({"--json", "version"});
  }
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const std::string blas = nlohmann::json::parse(run.out)["blas"].get<std::string>();
  if (blas.rfind("OpenBLAS", 0) != 0) GTEST_SKIP() << "the BLAS is not OpenBLAS: " << blas;
  const std::string name = core::blas_core_in_config(blas);
  ASSERT_FALSE(name.empty()) << blas;
  EXPECT_GE(int(*core::blas_core_level(name)), int(core::cpu_vector_level())) << blas;

  if (core::cpu_vector_level() < core::VectorLevel::Avx2) return;
  {
    clitest::ScopedEnv users("OPENBLAS_CORETYPE", "Sandybridge");
    run = run_cli({"--json", "version"});
  }
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const std::string chosen = nlohmann::json::parse(run.out)["blas"].get<std::string>();
  EXPECT_EQ(core::blas_core_in_config(chosen), "Sandybridge") << chosen;
  EXPECT_NE(chosen.find("forced by OPENBLAS_CORETYPE=Sandybridge"), std::string::npos) << chosen;
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
