#pragma once
// The command-line composition root's shared conventions (docs/ARCHITECTURE.md, "Command line"):
// exit 0 ok, 1 bad input or runtime failure (one `error:` line on stderr), 2 usage error, 130
// stopped by Ctrl-C (what was computed is kept; the same command resumes a run);
// `--json` prints exactly one JSON document on stdout; progress and logs go to stderr.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <functional>
#include <string>

#include "core/error.h"
#include "core/jobs/job.h"

namespace cli {

// JSON has no NaN or infinity: such values become null.
inline nlohmann::json number(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(); }

enum ExitCode { kOk = 0, kFailure = 1, kUsage = 2, kInterrupted = 130 };

struct Globals {
  bool json = false;   // one JSON document on stdout instead of text
  bool quiet = false;  // no progress on stderr
  int threads = 0;     // 0 = one per core
  int exit_code = 0;   // set by the subcommand that ran
};

// The first Ctrl-C (SIGINT) asks the running command to stop at its next progress report; a second
// one ends the process at once.
void install_interrupt_handler();
bool interrupted();

// Prints "error: <path>: <message>" on stderr and returns kFailure; a cancellation caused by Ctrl-C
// prints "interrupted" instead and returns kInterrupted.
int fail(const core::Error& error);
int fail(const std::string& message);

// Writes the document to stdout (pretty when a terminal reads it).
void print_json(const nlohmann::json& doc);

// A progress callback that draws a throttled one-line bar on stderr when it is a terminal and not
// --quiet (stage, done/total, rate, time left), and stops the job after Ctrl-C either way.
core::ProgressCallback stderr_progress(const Globals& globals);

// Every subcommand registers itself here; `run` returns the process exit code.
using Runner = std::function<int()>;
void add_command(CLI::App& app, Globals& globals, const std::string& name, const std::string& help,
                 const std::function<Runner(CLI::App&)>& setup);

}  // namespace cli
