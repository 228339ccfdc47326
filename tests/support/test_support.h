#pragma once
// Shared test helpers: the real-data folder, temporary folders, and running cartograph-cli.
#include <gtest/gtest.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace testsupport {

// The folder named by CARTOGRAPH_TEST_DATA, or nullopt when it is unset or missing.
std::optional<std::filesystem::path> test_data();

// A fresh empty folder under the system temp dir, removed when the object dies.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

struct Run {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs cartograph-cli with the given arguments (no shell), capturing stdout and stderr.
Run run_cli(const std::vector<std::string>& args);

// Starts cartograph-cli in the background with stdout and stderr sent to files; returns its pid.
int spawn_cli(const std::vector<std::string>& args, const std::filesystem::path& out, const std::filesystem::path& err);

std::string read_file(const std::filesystem::path& path);
// How many lines of a command's stderr start with "error: " (a refusal is exactly one).
int error_lines(const std::string& err);
void write_file(const std::filesystem::path& path, const std::string& bytes);

// Where tests leave screenshots and other things a person should look at.
std::filesystem::path artifacts_dir();

}  // namespace testsupport

// Skips the current test with a visible message when the real-data folder is not available.
#define CARTOGRAPH_REQUIRE_TEST_DATA(var)                                                          \
  const auto var##_opt = ::testsupport::test_data();                                               \
  if (!var##_opt) GTEST_SKIP() << "CARTOGRAPH_TEST_DATA is unset: skipping this real-data test"; \
  const std::filesystem::path var = *var##_opt
