#include "tests/support/test_support.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

#include "core/threads.h"

extern char** environ;

namespace testsupport {

namespace {
// Tests compute with the same thread configuration as every command (core/threads.h); a static
// initializer runs before gtest's main.
[[maybe_unused]] const bool quiet_thread_pools = (core::run_with_quiet_thread_pools(), true);
}  // namespace

std::optional<std::filesystem::path> test_data() {
  const char* dir = std::getenv("CARTOGRAPH_TEST_DATA");
  if (!dir || !*dir) return std::nullopt;
  std::filesystem::path p(dir);
  if (!std::filesystem::is_directory(p)) return std::nullopt;
  return std::filesystem::absolute(p);
}

TempDir::TempDir() {
  static std::atomic<int> counter{0};
  std::random_device rd;
  path_ = std::filesystem::temp_directory_path() /
          ("cartograph-test-" + std::to_string(getpid()) + "-" + std::to_string(counter++) + "-" +
           std::to_string(rd() % 100000));
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

static std::string drain(int fd) {
  std::string s;
  char buf[65536];
  ssize_t n;
  while ((n = ::read(fd, buf, sizeof buf)) > 0) s.append(buf, size_t(n));
  return s;
}

Run run_cli(const std::vector<std::string>& args) {
  std::vector<std::string> all{CARTOGRAPH_CLI};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);

  int out[2], err[2];
  if (pipe(out) != 0 || pipe(err) != 0) return {};
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err[1], 2);
  posix_spawn_file_actions_addclose(&actions, out[0]);
  posix_spawn_file_actions_addclose(&actions, err[0]);
  pid_t pid;
  Run run;
  if (posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ) != 0) return run;
  posix_spawn_file_actions_destroy(&actions);
  close(out[1]);
  close(err[1]);
  std::thread errReader([&] { run.err = drain(err[0]); });
  run.out = drain(out[0]);
  errReader.join();
  close(out[0]);
  close(err[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return run;
}

int spawn_cli(const std::vector<std::string>& args, const std::filesystem::path& out, const std::filesystem::path& err) {
  std::vector<std::string> all{CARTOGRAPH_CLI};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  return rc == 0 ? int(pid) : -1;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_file(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

std::filesystem::path artifacts_dir() {
  std::filesystem::path p(CARTOGRAPH_ARTIFACTS);
  std::filesystem::create_directories(p);
  return p;
}

int error_lines(const std::string& err) {
  std::istringstream lines(err);
  int n = 0;
  for (std::string line; std::getline(lines, line);) n += line.starts_with("error: ");
  return n;
}

}  // namespace testsupport
