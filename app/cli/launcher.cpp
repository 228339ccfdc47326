// cartograph-cli's executable: sets the thread-pool variables (and OpenBLAS's kernels where its CPU
// table falls short), then opens the CLI itself, a module (libcartograph_cli.so), and runs it. libgomp
// and OpenBLAS read their variables once, in their initialisers, which run when LibTorch is loaded; a
// program linked against LibTorch can only set them by running itself again, and loading LibTorch and
// its hundred-odd libraries costs 0.3-0.7 s on this machine each time. This file links no LibTorch, so
// LibTorch loads once, with the module, after the variables are set (docs/ARCHITECTURE.md, "One
// thread configuration for every entry point").
#include <dlfcn.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include "core/blas_kernels.h"
#include "core/quiet_pools.h"

namespace {

namespace fs = std::filesystem;

// The installed module first (../lib/cartograph/ beside this executable), then the build tree's, so an
// install never picks up a stale build (as core finds its SentencePiece module).
std::vector<fs::path> module_candidates() {
  std::vector<fs::path> paths;
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) paths.push_back(exe.parent_path().parent_path() / "lib" / "cartograph" / CARTOGRAPH_CLI_FILE_NAME);
  paths.emplace_back(CARTOGRAPH_CLI_BUILD_PATH);
  return paths;
}

// Ends the process once the command has returned: everything it printed is flushed (an output that
// could not be written, to a full disk say, fails a command that had succeeded), and then
// the process exits without running the libraries' static destructors. The command's own objects
// (sessions, files, threads) are gone by now; what remains is LibTorch taking down its operator
// registry, 0.05 s of every command (a seventieth of a stories260K `score`). Sanitizer builds exit
// normally, so that the leak check still runs.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#else
constexpr bool kSanitized = false;
#endif

int finish(int code) {
  const bool flushed = std::fflush(nullptr) == 0;
  if ((!flushed || std::ferror(stdout)) && code == 0) {
    std::perror("cartograph-cli: writing the output");
    code = 1;
  }
  if (!kSanitized) std::_Exit(code);
  return code;
}

}  // namespace

int main(int argc, char** argv) {
  core::set_quiet_thread_pools();
  // OpenBLAS's kernels for this CPU (core/blas_kernels.h), asked of a child so that this process loads
  // OpenBLAS once, with the decision made.
  if (!std::getenv("OPENBLAS_CORETYPE") && core::cpu_vector_level() != core::VectorLevel::Sse)
    core::raise_blas_kernels(core::probe_blas_core());
  std::string errors;
  for (const fs::path& path : module_candidates()) {
    std::error_code ec;
    if (!fs::exists(path, ec)) continue;
    if (void* module = dlopen(path.c_str(), RTLD_LAZY | RTLD_LOCAL)) {
      using Main = int (*)(int, char**);
      if (auto run = reinterpret_cast<Main>(dlsym(module, "cartograph_cli_main"))) return finish(run(argc, argv));
      errors += "\n  " + path.string() + ": no cartograph_cli_main";
    } else {
      const char* why = dlerror();
      errors += "\n  " + std::string(why ? why : path.string() + ": cannot be opened");
    }
  }
  std::fprintf(stderr, "cartograph-cli: cannot open its module %s%s\n", CARTOGRAPH_CLI_FILE_NAME,
               errors.empty() ? " (not found beside the executable or in the build tree)" : errors.c_str());
  return 127;
}
