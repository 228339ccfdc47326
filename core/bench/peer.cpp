#include "core/bench/peer.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>

extern char** environ;

namespace core::bench {
namespace {

namespace fs = std::filesystem;

std::string tail_of(const fs::path& file, std::size_t bytes) {
  std::ifstream in(file, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (text.size() > bytes) text = "..." + text.substr(text.size() - bytes);
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

// Runs argv with stdout captured and stderr sent to `err_file`; returns stdout and the exit status.
Result<std::pair<std::string, int>> run_process(const std::vector<std::string>& args, const fs::path& err_file) {
  int out[2];
  if (::pipe(out) != 0) return fail(ErrorCode::Io, "cannot create a pipe for the peer");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, out[0]);
  posix_spawn_file_actions_addclose(&actions, out[1]);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  // spawnp: a bare name (`--python python3`) is looked up on PATH, as a shell would.
  const int rc = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(out[1]);
  if (rc != 0) {
    ::close(out[0]);
    return fail(ErrorCode::NotFound, "cannot start the PyTorch peer", args[0], std::strerror(rc));
  }
  std::string text;
  char buf[65536];
  for (ssize_t n; (n = ::read(out[0], buf, sizeof buf)) > 0;) text.append(buf, std::size_t(n));
  ::close(out[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return std::pair{text, WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status)};
}

template <class T>
std::vector<T> array_of(const nlohmann::json& j, const char* key) {
  std::vector<T> v;
  if (j.contains(key) && j[key].is_array())
    for (const auto& x : j[key]) v.push_back(x.is_number() ? x.get<T>() : T(NAN));
  return v;
}

}  // namespace

Result<void> write_ids(const fs::path& file, const std::vector<std::vector<std::int32_t>>& documents) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  for (const auto& d : documents) out.write(reinterpret_cast<const char*>(d.data()), std::streamsize(d.size() * 4));
  out.flush();
  if (!out) return fail(ErrorCode::Io, "cannot write the token ids for the peer", file.string());
  return {};
}

Result<PeerResult> run_peer(const PeerOptions& o) {
  fs::path script = o.script;
  if (script.empty()) {
    script = o.work_dir / "peer_pytorch.py";
    std::ofstream out(script, std::ios::trunc);
    out << peer_script();
    if (!out) return fail(ErrorCode::Io, "cannot write the peer script", script.string());
  }
  std::vector<std::string> args = {o.python.string(), script.string(),
                                   "--model", o.model.string(),
                                   "--ids", o.ids.string(),
                                   "--context", std::to_string(o.context),
                                   "--batch", std::to_string(o.batch),
                                   "--repeats", std::to_string(o.repeats),
                                   "--threads", std::to_string(o.threads),
                                   "--top-k", std::to_string(o.top_k),
                                   "--sample", std::to_string(o.sample_positions)};
  if (!o.tuned.empty()) args.insert(args.end(), {"--tuned", o.tuned.string()});
  const fs::path err = o.work_dir / "peer_stderr.txt";
  auto ran = run_process(args, err);
  if (!ran) return std::unexpected(ran.error());
  const auto& [text, status] = *ran;
  if (status != 0)
    return fail(ErrorCode::Internal, "the PyTorch peer failed with exit status " + std::to_string(status),
                script.string(), tail_of(err, 600));
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const std::exception& e) {
    return fail(ErrorCode::Internal, "the PyTorch peer printed no JSON report", script.string(), e.what());
  }
  PeerResult r;
  r.torch_version = j.value("torch", "");
  r.threads = j.value("threads", 0);
  r.tokens = j.value("tokens", std::int64_t(0));
  r.seconds = j.value("seconds", 0.0);
  r.tokens_per_second = j.value("tokens_per_second", 0.0);
  r.nll_mean = j.value("nll_mean", 0.0);
  if (j.contains("sample")) {
    const auto& s = j["sample"];
    r.sample.logp = array_of<float>(s, "logp");
    r.sample.entropy = array_of<float>(s, "entropy");
    r.sample.rank = array_of<std::int32_t>(s, "rank");
    r.sample.top1 = array_of<std::int32_t>(s, "top1");
    r.sample.kl = array_of<float>(s, "kl");
  }
  return r;
}

PeerAgreement agreement(const ScoringMeasure& ours, const PeerResult& peer) {
  PeerAgreement a;
  const ScoredSample &x = ours.sample, &y = peer.sample;
  const std::size_t n = std::min({x.logp.size(), y.logp.size(), x.entropy.size(), y.entropy.size(), x.rank.size(),
                                  y.rank.size()});
  a.positions = std::int64_t(n);
  std::size_t rank_same = 0, top_same = 0, top_n = std::min({n, x.top1.size(), y.top1.size()});
  for (std::size_t i = 0; i < n; ++i) {
    a.max_abs_logp = std::max(a.max_abs_logp, std::fabs(double(x.logp[i]) - double(y.logp[i])));
    a.max_abs_entropy = std::max(a.max_abs_entropy, std::fabs(double(x.entropy[i]) - double(y.entropy[i])));
    rank_same += x.rank[i] == y.rank[i];
  }
  for (std::size_t i = 0; i < top_n; ++i) top_same += x.top1[i] == y.top1[i];
  for (std::size_t i = 0; i < std::min(x.kl.size(), y.kl.size()); ++i)
    a.max_abs_kl = std::max(a.max_abs_kl, std::fabs(double(x.kl[i]) - double(y.kl[i])));
  a.rank_agreement = n ? double(rank_same) / double(n) : 0;
  a.top1_agreement = top_n ? double(top_same) / double(top_n) : 0;
  a.nll_mean_difference = std::fabs(ours.nll_mean - peer.nll_mean);
  return a;
}

}  // namespace core::bench
