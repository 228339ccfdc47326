#pragma once
// Other tools run as whole processes beside Cartograph's own commands, for the bench's comparisons
// (llama_perplexity.h, llama2c_run.h): wall time and peak RSS from wait4, output kept in a log.
// Blocking; safe from any thread.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace core::bench {

struct ProcessMeasure {
  std::string command;              // as a shell would show it
  double seconds = 0;               // wall time, start to exit
  std::int64_t peak_rss_bytes = 0;  // the process's maximum resident set (wait4)
  std::int64_t scored = 0;          // positions whose next-token probability counts in the perplexity
  std::int64_t forwarded = 0;       // positions run through the model
  double perplexity = 0;
  double scored_per_second() const { return seconds > 0 ? double(scored) / seconds : 0; }
  double forwarded_per_second() const { return seconds > 0 ? double(forwarded) / seconds : 0; }
};

// Runs argv with stdout and stderr into `log`. `own_threads`: the child gets this process's
// environment without the variables core::run_with_quiet_thread_pools set here, so another tool runs
// with its own defaults, as its users run it. A start failure or a non-zero exit is an error that
// names the command and ends with the log's tail.
Result<ProcessMeasure> run_measured(const std::vector<std::string>& args, const std::filesystem::path& log,
                                    bool own_threads = false);

// A number another tool printed, the whole of `text` ("6071.428571", "1e-3", "nan", "-inf"); nullopt for
// anything else ("-", "", digits out of range), so a tool printing garbage is an error, never a throw.
std::optional<double> to_number(std::string_view text);
std::optional<std::int64_t> to_count(std::string_view text);  // digits only

// A whole file's bytes ("" when it cannot be read).
std::string read_text(const std::filesystem::path& file);

// What `cartograph-cli score` printed: its TOTAL line's scored tokens and mean NLL
// ("TOTAL   tokens N  nll X  ppl Y  bpb Z"). Fills `scored`, `forwarded` (= scored) and `perplexity`.
Result<void> read_score_total(const std::string& output, ProcessMeasure& m);

}  // namespace core::bench
