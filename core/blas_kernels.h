#pragma once
// Which kernels OpenBLAS runs on this CPU, and raising them when its CPU table falls short.
//
// OpenBLAS as Debian builds it (DYNAMIC_ARCH) carries kernels for every x86-64 generation and picks
// one set when it loads, from a table of CPU models. A model newer than the release can fall through
// that table to the last resort, Prescott's SSE3 kernels: Debian 12's OpenBLAS 0.3.21 does so on
// Intel's Emerald Rapids (family 6, model 0xCF), an AVX-512 CPU, and every matrix product then runs
// several times slower (stories260K `score`: 10.3 s against 5.7 s with the AVX-512 kernels). OpenBLAS
// reads OPENBLAS_CORETYPE once, when it loads, to force a set. So every entry point, unless the user
// set that variable, asks OpenBLAS what it chose and, where the CPU runs wider vectors than the chosen
// set uses, forces the set OpenBLAS itself uses for that vector width (docs/ARCHITECTURE.md, "Threads").
// A set OpenBLAS chose at the CPU's width (Zen, Cooperlake, ...) is kept.
//
// Dependency-free, for the CLI's launcher (app/cli/launcher.cpp), which asks a child process so that
// its own process loads OpenBLAS only once, with the variable set; core/threads.cpp asks in-process.
#include <dlfcn.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

namespace core {

// The widest x86-64 vectors the CPU and the operating system run.
enum class VectorLevel : int { Sse = 0, Avx = 1, Avx2 = 2, Avx512 = 3 };

inline VectorLevel cpu_vector_level() {
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("x86-64-v4")) return VectorLevel::Avx512;  // AVX-512 F, BW, CD, DQ, VL
  if (__builtin_cpu_supports("x86-64-v3")) return VectorLevel::Avx2;    // AVX2 and FMA
  if (__builtin_cpu_supports("avx")) return VectorLevel::Avx;
#endif
  return VectorLevel::Sse;
}

// The vector width an OpenBLAS x86-64 kernel set uses, by the name OpenBLAS reports (any case); empty
// for a name this table does not know (a newer release's), which is then left alone.
inline std::optional<VectorLevel> blas_core_level(std::string_view core) {
  struct Entry {
    const char* name;
    VectorLevel level;
  };
  static constexpr std::array<Entry, 26> kCores{{
      {"SkylakeX", VectorLevel::Avx512},   {"Cooperlake", VectorLevel::Avx512}, {"SapphireRapids", VectorLevel::Avx512},
      {"Haswell", VectorLevel::Avx2},      {"Zen", VectorLevel::Avx2},          {"Sandybridge", VectorLevel::Avx},
      {"Bulldozer", VectorLevel::Avx},     {"Piledriver", VectorLevel::Avx},    {"Steamroller", VectorLevel::Avx},
      {"Excavator", VectorLevel::Avx},     {"Katmai", VectorLevel::Sse},        {"Coppermine", VectorLevel::Sse},
      {"Northwood", VectorLevel::Sse},     {"Prescott", VectorLevel::Sse},      {"Banias", VectorLevel::Sse},
      {"Atom", VectorLevel::Sse},          {"Core2", VectorLevel::Sse},         {"Penryn", VectorLevel::Sse},
      {"Dunnington", VectorLevel::Sse},    {"Nehalem", VectorLevel::Sse},       {"Athlon", VectorLevel::Sse},
      {"Opteron", VectorLevel::Sse},       {"Opteron_SSE3", VectorLevel::Sse},  {"Barcelona", VectorLevel::Sse},
      {"Nano", VectorLevel::Sse},          {"Bobcat", VectorLevel::Sse},
  }};
  for (const Entry& e : kCores)
    if (core.size() == std::strlen(e.name) && ::strncasecmp(core.data(), e.name, core.size()) == 0) return e.level;
  return std::nullopt;
}

// The kernel set named in OpenBLAS's configuration line (openblas_get_config: "OpenBLAS 0.3.21 ...
// DYNAMIC_ARCH NO_AFFINITY SkylakeX MAX_THREADS=64"): its first word that names a known set, else empty.
inline std::string blas_core_in_config(std::string_view config) {
  std::size_t begin = 0;
  while (begin < config.size()) {
    std::size_t end = config.find_first_of(" ,", begin);
    if (end == std::string_view::npos) end = config.size();
    if (blas_core_level(config.substr(begin, end - begin))) return std::string(config.substr(begin, end - begin));
    begin = end + 1;
  }
  return "";
}

// The set OpenBLAS itself uses for a CPU of this width, by a name OpenBLAS 0.3.21 accepts in
// OPENBLAS_CORETYPE (it cannot force Cooperlake, whose float kernels are SkylakeX's); nullptr for SSE.
inline const char* blas_core_for(VectorLevel cpu) {
  switch (cpu) {
    case VectorLevel::Avx512: return "SkylakeX";
    case VectorLevel::Avx2: return "Haswell";
    case VectorLevel::Avx: return "Sandybridge";
    case VectorLevel::Sse: break;
  }
  return nullptr;
}

// The kernel set to force when OpenBLAS chose `detected` on a CPU of level `cpu`, or nullptr to keep
// its choice: only when the chosen set is known and narrower than the CPU.
inline const char* raised_blas_core(std::string_view detected, VectorLevel cpu) {
  const auto level = blas_core_level(detected);
  return level && *level < cpu ? blas_core_for(cpu) : nullptr;
}

// The kernel set OpenBLAS chooses on its own in this process (it must be loaded), empty when the
// process's BLAS is not OpenBLAS.
inline std::string loaded_blas_core() {
  using CoreFn = char* (*)();
  auto fn = reinterpret_cast<CoreFn>(dlsym(RTLD_DEFAULT, "openblas_get_corename"));
  const char* name = fn ? fn() : nullptr;
  return name ? name : "";
}

// The kernel set OpenBLAS would choose, asked of a child process that loads the BLAS LibTorch links
// (libblas.so.3, Debian's alternative) with a pool of one thread; empty when that BLAS is not OpenBLAS
// or the child fails. For a process that must not load OpenBLAS before OPENBLAS_CORETYPE is decided.
inline std::string probe_blas_core() {
  int fds[2];
  if (::pipe(fds) != 0) return "";
  const pid_t child = ::fork();
  if (child < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    return "";
  }
  if (child == 0) {
    ::close(fds[0]);
    ::setenv("OPENBLAS_NUM_THREADS", "1", 1);
    if (void* blas = ::dlopen("libblas.so.3", RTLD_NOW | RTLD_LOCAL)) {
      using CoreFn = char* (*)();
      if (auto fn = reinterpret_cast<CoreFn>(::dlsym(blas, "openblas_get_corename")))
        if (const char* name = fn()) {
          [[maybe_unused]] const auto written = ::write(fds[1], name, std::strlen(name));
        }
    }
    ::_exit(0);
  }
  ::close(fds[1]);
  std::string name;
  char buffer[64];
  for (ssize_t got; (got = ::read(fds[0], buffer, sizeof buffer)) != 0;) {
    if (got < 0) break;
    name.append(buffer, std::size_t(got));
  }
  ::close(fds[0]);
  int status = 0;
  ::waitpid(child, &status, 0);
  return name.size() <= 32 ? name : "";
}

// Sets OPENBLAS_CORETYPE when the user left it unset and OpenBLAS's own choice (`detected`) is narrower
// than the CPU. Returns the set it forced, or nullptr. Only useful before OpenBLAS loads.
inline const char* raise_blas_kernels(std::string_view detected) {
  if (std::getenv("OPENBLAS_CORETYPE")) return nullptr;
  const char* raised = raised_blas_core(detected, cpu_vector_level());
  if (raised) ::setenv("OPENBLAS_CORETYPE", raised, 1);
  return raised;
}

}  // namespace core
