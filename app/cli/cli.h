#pragma once
// The command-line composition root's shared conventions (docs/ARCHITECTURE.md, "Command line"):
// exit 0 ok, 1 bad input or runtime failure (one `error:` line on stderr), 2 usage error;
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

enum ExitCode { kOk = 0, kFailure = 1, kUsage = 2 };

struct Globals {
  bool json = false;   // one JSON document on stdout instead of text
  bool quiet = false;  // no progress on stderr
  int threads = 0;     // 0 = one per core
  int exit_code = 0;   // set by the subcommand that ran
};

// Prints "error: <path>: <message>" on stderr and returns kFailure.
int fail(const core::Error& error);
int fail(const std::string& message);

// Writes the document to stdout (pretty when a terminal reads it).
void print_json(const nlohmann::json& doc);

// A progress callback that draws a throttled one-line bar on stderr (nothing when quiet).
core::ProgressCallback stderr_progress(const Globals& globals);

// Every subcommand registers itself here; `run` returns the process exit code.
using Runner = std::function<int()>;
void add_command(CLI::App& app, Globals& globals, const std::string& name, const std::string& help,
                 const std::function<Runner(CLI::App&)>& setup);

}  // namespace cli
