#include "app/cli/cli.h"

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <iostream>

#include "core/threads.h"

namespace cli {

int fail(const core::Error& error) {
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
  if (globals.quiet) return {};
  const bool tty = isatty(STDERR_FILENO);
  return [tty, last_stage = std::string()](const core::Progress& p) mutable {
    if (!tty) {  // logs: one line per stage, no carriage-return animation
      if (p.stage != last_stage) std::cerr << p.stage << "..." << std::endl;
      last_stage = p.stage;
      return true;
    }
    std::fprintf(stderr, "\r%-28s", p.stage.c_str());
    if (p.total > 0) {
      std::fprintf(stderr, " %5.1f%% (%lld/%lld)", 100.0 * p.fraction(), (long long)p.done,
                   (long long)p.total);
      if (p.eta_s >= 0) std::fprintf(stderr, " eta %.0fs", std::ceil(p.eta_s));
      if (p.done >= p.total) std::fprintf(stderr, "\n");
    }
    std::fprintf(stderr, "\x1b[K");
    std::fflush(stderr);
    return true;
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
