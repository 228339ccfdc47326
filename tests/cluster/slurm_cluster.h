#pragma once
// A real single-node Slurm cluster on localhost for tests (tests/cluster): munged with its own key and
// socket, slurmctld and slurmd run as the current user with every state, spool, log, pid and socket
// file in a temporary folder, on free ports, without cgroups (proctrack/linuxproc, task/none).
// start() says why when the machine cannot run it; the destructor always stops the daemons.
#include <filesystem>
#include <string>

namespace testcluster {

class SlurmCluster {
 public:
  explicit SlurmCluster(std::filesystem::path dir);
  ~SlurmCluster();  // scontrol shutdown, then SIGTERM (SIGKILL) to whatever is left, by pid
  SlurmCluster(const SlurmCluster&) = delete;
  SlurmCluster& operator=(const SlurmCluster&) = delete;

  // Empty when the cluster is up with its node idle; otherwise why not (with the daemons' log tails).
  std::string start();
  // SLURM_CONF for client commands (sbatch, squeue, scontrol).
  std::filesystem::path conf() const { return dir_ / "slurm.conf"; }
  // Runs a shell command with SLURM_CONF set; its exit status and stdout+stderr.
  int shell(const std::string& command, std::string* output = nullptr) const;
  // Waits until the queue is empty; false after `seconds`.
  bool wait_idle(int seconds) const;
  std::string logs() const;  // the daemons' log tails, for failure messages

 private:
  void stop();
  std::filesystem::path dir_;
  int munged_pid_ = 0, slurmctld_pid_ = 0, slurmd_pid_ = 0;
  bool started_ = false;
};

}  // namespace testcluster
