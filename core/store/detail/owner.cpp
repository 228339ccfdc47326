#include "core/store/detail/owner.h"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <fstream>
#include <mutex>
#include <sstream>

#include "core/store/detail/sqlite.h"

namespace core::store::detail {
namespace {

std::string first_line(const char* path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

std::string host_name() {
  char buf[256] = {};
  if (gethostname(buf, sizeof buf - 1) != 0) return "unknown-host";
  return buf;
}

struct ProcStat {
  bool exists = false;
  char state = '?';
  std::string start_ticks;
};

// /proc/<pid>/stat: "pid (comm) state ppid ..." where field 22 is the start time in clock ticks.
// comm may contain spaces and parentheses, so parse from the last ')'.
ProcStat proc_stat(long pid) {
  ProcStat s;
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  if (!in) return s;
  std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto close = all.rfind(')');
  if (close == std::string::npos) return s;
  std::istringstream rest(all.substr(close + 1));
  std::string field;
  std::vector<std::string> fields;  // fields[0] is field 3 (state)
  while (rest >> field) fields.push_back(field);
  if (fields.size() < 20) return s;
  s.exists = true;
  s.state = fields[0].empty() ? '?' : fields[0][0];
  s.start_ticks = fields[19];
  return s;
}

std::vector<std::string> split_tabs(const std::string& s) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const auto tab = s.find('\t', start);
    parts.push_back(s.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
    if (tab == std::string::npos) break;
    start = tab + 1;
  }
  return parts;
}

}  // namespace

std::string current_owner() {
  // Cached per process id: a forked child is another writer and must not inherit its parent's name.
  static std::mutex lock;
  static long cached_pid = 0;
  static std::string owner;
  const long pid = long(getpid());
  std::lock_guard guard(lock);
  if (pid != cached_pid) {
    owner = host_name() + "\t" + first_line("/proc/sys/kernel/random/boot_id") + "\t" + std::to_string(pid) +
            "\t" + proc_stat(pid).start_ticks;
    cached_pid = pid;
  }
  return owner;
}

bool owner_alive(const std::string& owner) {
  const auto parts = split_tabs(owner);
  if (parts.size() != 4) return false;
  if (parts[0] != host_name()) return false;
  if (parts[1] != first_line("/proc/sys/kernel/random/boot_id")) return false;
  long pid = 0;
  try {
    pid = std::stol(parts[2]);
  } catch (...) {
    return false;
  }
  if (pid <= 0) return false;
  const ProcStat stat = proc_stat(pid);
  if (!stat.exists) {
    // No /proc (not Linux): fall back to asking the kernel whether the pid exists.
    if (::access("/proc/self/stat", R_OK) == 0) return false;
    return ::kill(pid_t(pid), 0) == 0 || errno == EPERM;
  }
  if (stat.state == 'Z' || stat.state == 'X') return false;  // exited, not yet reaped
  return stat.start_ticks == parts[3];                        // a reused pid is another process
}

Result<std::vector<std::int64_t>> interrupt_orphaned_runs(Connection& connection) {
  std::vector<std::int64_t> orphaned;
  std::vector<std::string> owners;
  {
    auto q = connection.prepare("SELECT id, owner FROM runs WHERE status = 'running'");
    if (!q) return std::unexpected(q.error());
    while (true) {
      auto row = q->step();
      if (!row) return std::unexpected(row.error());
      if (!*row) break;
      std::string owner = q->column_text(1);
      if (!owner_alive(owner)) {
        orphaned.push_back(q->column_int64(0));
        owners.push_back(std::move(owner));
      }
    }
  }
  if (orphaned.empty()) return orphaned;
  auto tx = Transaction::begin(connection, "marking interrupted runs");
  if (!tx) return std::unexpected(tx.error());
  for (std::size_t i = 0; i < orphaned.size(); ++i) {
    // The owner must still be the dead one: another process may have resumed the run meanwhile.
    auto u = connection.prepare(
        "UPDATE runs SET status = 'interrupted' WHERE id = ? AND status = 'running' AND owner = ?");
    if (!u) return std::unexpected(u.error());
    u->bind(1, orphaned[i]).bind(2, std::string_view(owners[i]));
    if (auto r = u->run(); !r) return std::unexpected(r.error());
  }
  if (auto r = tx->commit(); !r) return std::unexpected(r.error());
  return orphaned;
}

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace core::store::detail
