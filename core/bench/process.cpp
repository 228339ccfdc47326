#include "core/bench/process.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>
#include <regex>

#include "core/threads.h"

extern char** environ;

namespace core::bench {
namespace {

namespace fs = std::filesystem;

std::string shell_words(const std::vector<std::string>& args) {
  std::string out;
  for (const auto& a : args) out += (out.empty() ? "" : " ") + a;
  return out;
}

}  // namespace

std::optional<double> to_number(std::string_view text) {
  double v = 0;
  const char* end = text.data() + text.size();
  const auto [at, ec] = std::from_chars(text.data(), end, v);
  if (ec != std::errc() || at != end || text.empty()) return std::nullopt;
  return v;
}

std::optional<std::int64_t> to_count(std::string_view text) {
  std::int64_t v = 0;
  const char* end = text.data() + text.size();
  const auto [at, ec] = std::from_chars(text.data(), end, v);
  if (ec != std::errc() || at != end || text.empty() || v < 0) return std::nullopt;
  return v;
}

std::string read_text(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

Result<ProcessMeasure> run_measured(const std::vector<std::string>& args, const fs::path& log, bool own_threads) {
  std::vector<char*> env;
  for (char** e = environ; *e; ++e)
    if (!own_threads || !is_thread_pool_setting(*e)) env.push_back(*e);
  env.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  const auto start = std::chrono::steady_clock::now();
  const int rc = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), env.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return fail(ErrorCode::NotFound, "cannot start " + args[0], args[0], std::strerror(rc));
  int status = 0;
  rusage usage{};
  while (::wait4(pid, &status, 0, &usage) < 0)
    if (errno != EINTR) return fail(ErrorCode::Io, "cannot wait for " + args[0], args[0], std::strerror(errno));
  ProcessMeasure m;
  m.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  m.peak_rss_bytes = std::int64_t(usage.ru_maxrss) * 1024;
  m.command = shell_words(args);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::string tail = read_text(log);
    if (tail.size() > 600) tail = "..." + tail.substr(tail.size() - 600);
    return fail(ErrorCode::InvalidInput, "`" + m.command + "` failed (exit " +
                                             std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status)) +
                                             "); its output is in " + log.string(),
                args[0], tail);
  }
  return m;
}

Result<void> read_score_total(const std::string& output, ProcessMeasure& m) {
  static const std::regex total(R"(TOTAL\s+tokens\s+(\d+)\s+nll\s+(\S+))");
  std::smatch match;
  if (!std::regex_search(output, match, total))
    return fail(ErrorCode::InvalidInput, "cartograph-cli score printed no TOTAL line");
  const auto tokens = to_count(match[1].str());
  const auto nll = to_number(match[2].str());
  if (!tokens || !nll || !std::isfinite(*nll))
    return fail(ErrorCode::InvalidInput, "cartograph-cli score's TOTAL line holds no token count and finite NLL",
                match[0].str());
  m.scored = m.forwarded = *tokens;
  m.perplexity = std::exp(*nll);
  return {};
}

}  // namespace core::bench
