#include "app/cli/cli.h"

#include <signal.h>
#include <unistd.h>

#include <atomic>

#include <cmath>
#include <cstdio>
#include <iostream>

#include "core/threads.h"

namespace cli {

namespace {

std::atomic<bool> g_interrupted{false};
static_assert(std::atomic<bool>::is_always_lock_free, "set from a signal handler");

extern "C" void on_interrupt(int) { g_interrupted.store(true); }

}  // namespace

void install_interrupt_handler() {
  struct sigaction action {};
  action.sa_handler = on_interrupt;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESETHAND;  // the second Ctrl-C gets the default action: the process ends
  sigaction(SIGINT, &action, nullptr);
}

bool interrupted() { return g_interrupted.load(); }

int fail(const core::Error& error) {
  if (error.code == core::ErrorCode::Cancelled && interrupted()) {
    std::cerr << "\ninterrupted (Ctrl-C)" << std::endl;
    return kInterrupted;
  }
  std::cerr << "error: " << error.what() << std::endl;
  return kFailure;
}

int fail(const std::string& message) {
  std::cerr << "error: " << message << std::endl;
  return kFailure;
}

void print_json(const nlohmann::json& doc) {
  const bool tty = isatty(STDOUT_FILENO);
  std::cout << doc.dump(tty ? 2 : -1, ' ', false, nlohmann::json::error_handler_t::replace) << std::endl;
}

core::ProgressCallback stderr_progress(const Globals& globals) {
  // Logs (stderr not a terminal) get no progress: a line per update would bury the warnings.
  const bool draw = !globals.quiet && isatty(STDERR_FILENO);
  return [draw](const core::Progress& p) {
    if (draw) {
      std::fprintf(stderr, "\r%-28s", p.stage.c_str());
      if (p.total > 0) {
        std::fprintf(stderr, " %5.1f%% (%lld/%lld)", 100.0 * p.fraction(), (long long)p.done, (long long)p.total);
        if (p.elapsed_s > 0 && p.done > 0) std::fprintf(stderr, " %.1f/s", double(p.done) / p.elapsed_s);
        if (p.eta_s >= 0) std::fprintf(stderr, " eta %.0fs", std::ceil(p.eta_s));
        if (p.done >= p.total) std::fprintf(stderr, "\n");
      }
      std::fprintf(stderr, "\x1b[K");
      std::fflush(stderr);
    }
    return !interrupted();
  };
}

void add_command(CLI::App& app, Globals& globals, const std::string& name, const std::string& help,
                 const std::function<Runner(CLI::App&)>& setup) {
  CLI::App* sub = app.add_subcommand(name, help);
  sub->fallthrough();  // `--json` and `--threads` may follow the subcommand
  Runner run = setup(*sub);
  sub->final_callback([run, &globals] {
    core::configure_threads(globals.threads);  // once, before the command starts any work
    globals.exit_code = run();
  });
}

}  // namespace cli
