#include "core/bench/machine.h"

#include <ATen/Context.h>
#include <ATen/Parallel.h>
#include <time.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include "core/version.h"

namespace core::bench {
namespace {

std::int64_t status_kib(const std::string& key) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(key + ":", 0) == 0) return std::atoll(line.c_str() + key.size() + 1);
  return 0;
}

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

std::string simd_width() {
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("x86-64-v4")) return "avx512";
  if (__builtin_cpu_supports("x86-64-v3")) return "avx2";
#endif
  return "baseline";
}

}  // namespace

void load_average(double out[3]) {
  std::ifstream in("/proc/loadavg");
  out[0] = out[1] = out[2] = 0;
  in >> out[0] >> out[1] >> out[2];
}

MachineInfo machine_info() {
  MachineInfo m;
  std::ifstream cpuinfo("/proc/cpuinfo");
  std::string line;
  while (std::getline(cpuinfo, line))
    if (line.rfind("model name", 0) == 0) {
      m.cpu = line.substr(line.find(':') + 2);
      break;
    }
  m.cores = int(std::thread::hardware_concurrency());
  m.threads = at::get_num_threads();
  load_average(m.load);
  const Versions v = versions();
  m.blas = v.blas;
  m.libtorch = v.libtorch;
  m.simd = simd_width();
  m.omp_wait_policy = v.omp_wait_policy;
  m.omp_spin_count = v.omp_spin_count;
  m.blas_thread_timeout = v.blas_thread_timeout;
  m.openblas_coretype = env("OPENBLAS_CORETYPE");
  m.cuda = at::hasCUDA();
  return m;
}

double process_age_seconds() {
  std::ifstream stat("/proc/self/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  // Field 22 (starttime, clock ticks since boot) counts from after the command name's ')'.
  const auto close = text.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream rest(text.substr(close + 2));
  std::string field;
  for (int i = 3; i < 22 && rest >> field; ++i) {
  }
  unsigned long long start_ticks = 0;
  rest >> start_ticks;
  std::ifstream uptime_file("/proc/uptime");
  double uptime = 0;
  uptime_file >> uptime;
  const double age = uptime - double(start_ticks) / double(sysconf(_SC_CLK_TCK));
  return age > 0 ? age : 0;
}

std::int64_t peak_rss_bytes() { return status_kib("VmHWM") * 1024; }
std::int64_t current_rss_bytes() { return status_kib("VmRSS") * 1024; }

bool reset_peak_rss() {
  std::ofstream out("/proc/self/clear_refs");
  out << "5";
  out.flush();
  return bool(out);
}

double wall_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

double process_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
}

}  // namespace core::bench
