#include "tests/cluster/slurm_cluster.h"

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

namespace testcluster {
namespace fs = std::filesystem;
namespace {

std::string find_program(const std::string& name) {
  for (const char* dir : {"/usr/sbin", "/usr/bin", "/sbin", "/bin", "/usr/local/sbin", "/usr/local/bin"}) {
    const fs::path p = fs::path(dir) / name;
    if (::access(p.c_str(), X_OK) == 0) return p.string();
  }
  return {};
}

// A port nobody listens on now (the kernel's choice).
int free_port() {
  const int s = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  int port = 0;
  if (::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
      ::getsockname(s, reinterpret_cast<sockaddr*>(&a), &len) == 0)
    port = ntohs(a.sin_port);
  ::close(s);
  return port;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string tail(const fs::path& p, std::size_t bytes = 1500) {
  const std::string s = slurp(p);
  return s.size() > bytes ? s.substr(s.size() - bytes) : s;
}

int read_pid(const fs::path& p) {
  std::ifstream in(p);
  int pid = 0;
  in >> pid;
  return pid;
}

bool alive(int pid) { return pid > 0 && ::kill(pid, 0) == 0; }

void terminate(int pid) {
  if (!alive(pid)) return;
  ::kill(pid, SIGTERM);
  for (int i = 0; i < 50 && alive(pid); ++i) {
    ::waitpid(pid, nullptr, WNOHANG);  // reaps it when it is our child
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  if (alive(pid)) ::kill(pid, SIGKILL);
}

std::string user_name() {
  std::string out;
  if (FILE* p = ::popen("id -un", "r")) {
    std::array<char, 256> buf{};
    while (std::fgets(buf.data(), int(buf.size()), p)) out += buf.data();
    ::pclose(p);
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

}  // namespace

SlurmCluster::SlurmCluster(fs::path dir) : dir_(std::move(dir)) {}

SlurmCluster::~SlurmCluster() { stop(); }

int SlurmCluster::shell(const std::string& command, std::string* output) const {
  const std::string full = "SLURM_CONF='" + conf().string() + "' " + command + " 2>&1";
  FILE* p = ::popen(full.c_str(), "r");
  if (!p) return -1;
  std::string out;
  std::array<char, 4096> buf{};
  while (std::fgets(buf.data(), int(buf.size()), p)) out += buf.data();
  const int status = ::pclose(p);
  if (output) *output = out;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string SlurmCluster::logs() const {
  return "--- slurmctld.log\n" + tail(dir_ / "slurmctld.log") + "\n--- slurmd.log\n" + tail(dir_ / "slurmd.log") +
         "\n--- munged.log\n" + tail(dir_ / "munged.log");
}

std::string SlurmCluster::start() {
  const std::string munged = find_program("munged"), slurmctld = find_program("slurmctld"),
                    slurmd = find_program("slurmd"), sbatch = find_program("sbatch");
  if (munged.empty() || slurmctld.empty() || slurmd.empty() || sbatch.empty())
    return "slurm-wlm and munge are not installed (packaging/install-deps.sh installs them)";
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  const std::string user = user_name();
  fs::create_directories(dir_ / "state");
  fs::create_directories(dir_ / "spool");
  fs::permissions(dir_, fs::perms::owner_all | fs::perms::group_exec | fs::perms::others_exec);
  {
    std::mt19937_64 rng(std::random_device{}());
    std::ofstream key(dir_ / "munge.key", std::ios::binary);
    for (int i = 0; i < 128; ++i) {
      const std::uint64_t v = rng();
      key.write(reinterpret_cast<const char*>(&v), sizeof v);
    }
  }
  fs::permissions(dir_ / "munge.key", fs::perms::owner_read);
  const fs::path sock = dir_ / "munge.sock";
  std::ofstream(conf()) << "ClusterName=cartotest\n"
                        << "SlurmctldHost=" << host << "(127.0.0.1)\n"
                        << "SlurmUser=" << user << "\nSlurmdUser=" << user << "\n"
                        << "SlurmctldPort=" << free_port() << "\nSlurmdPort=" << free_port() << "\n"
                        << "AuthType=auth/munge\nCredType=cred/munge\nAuthInfo=socket=" << sock.string() << "\n"
                        << "StateSaveLocation=" << (dir_ / "state").string() << "\n"
                        << "SlurmdSpoolDir=" << (dir_ / "spool").string() << "\n"
                        << "SlurmctldPidFile=" << (dir_ / "slurmctld.pid").string() << "\n"
                        << "SlurmdPidFile=" << (dir_ / "slurmd.pid").string() << "\n"
                        << "SlurmctldLogFile=" << (dir_ / "slurmctld.log").string() << "\n"
                        << "SlurmdLogFile=" << (dir_ / "slurmd.log").string() << "\n"
                        << "ProctrackType=proctrack/linuxproc\nTaskPlugin=task/none\n"
                        << "JobAcctGatherType=jobacct_gather/none\nAccountingStorageType=accounting_storage/none\n"
                        << "JobCompType=jobcomp/none\nSchedulerType=sched/builtin\n"
                        << "SelectType=select/cons_tres\nSelectTypeParameters=CR_Core\nMpiDefault=none\n"
                        << "ReturnToService=2\nSlurmdTimeout=30\n"
                        << "NodeName=" << host << " NodeAddr=127.0.0.1 CPUs=" << std::thread::hardware_concurrency()
                        << " State=UNKNOWN\n"
                        << "PartitionName=test Nodes=" << host << " Default=YES MaxTime=INFINITE State=UP\n";
  started_ = true;
  std::string out;
  if (shell("'" + munged + "' --force --socket='" + sock.string() + "' --key-file='" + (dir_ / "munge.key").string() +
                "' --pid-file='" + (dir_ / "munged.pid").string() + "' --log-file='" + (dir_ / "munged.log").string() +
                "' --seed-file='" + (dir_ / "munged.seed").string() + "'",
            &out) != 0)
    return "munged did not start: " + out + logs();
  munged_pid_ = read_pid(dir_ / "munged.pid");
  if (shell("'" + slurmctld + "' -i", &out) != 0) return "slurmctld did not start: " + out + logs();
  if (shell("'" + slurmd + "'", &out) != 0) return "slurmd did not start: " + out + logs();
  for (int i = 0; i < 200; ++i) {  // up to 20 s for the node to register
    if (!slurmctld_pid_) slurmctld_pid_ = read_pid(dir_ / "slurmctld.pid");
    if (!slurmd_pid_) slurmd_pid_ = read_pid(dir_ / "slurmd.pid");
    if (shell("sinfo -h -o %T", &out) == 0 && out.find("idle") != std::string::npos) return {};
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return "the node did not become idle within 20 s (sinfo: " + out + ")\n" + logs();
}

bool SlurmCluster::wait_idle(int seconds) const {
  std::string out;
  for (int i = 0; i < seconds * 5; ++i) {
    if (shell("squeue -h", &out) == 0 && out.find_first_not_of(" \n") == std::string::npos) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  return false;
}

void SlurmCluster::stop() {
  if (!started_) return;
  started_ = false;
  if (!slurmctld_pid_) slurmctld_pid_ = read_pid(dir_ / "slurmctld.pid");
  if (!slurmd_pid_) slurmd_pid_ = read_pid(dir_ / "slurmd.pid");
  if (!munged_pid_) munged_pid_ = read_pid(dir_ / "munged.pid");
  if (alive(slurmctld_pid_)) shell("timeout 10 scontrol shutdown");
  terminate(slurmd_pid_);
  terminate(slurmctld_pid_);
  terminate(munged_pid_);
}

}  // namespace testcluster
