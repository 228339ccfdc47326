#include "core/bench/llama2c_run.h"

#include <algorithm>
#include <cmath>
#include <regex>

#include "core/model/llama2c_header.h"

namespace core::bench {

namespace fs = std::filesystem;

Result<double> parse_llama2c_speed(const std::string& output) {
  static const std::regex achieved(R"(achieved tok/s: (\S+))");
  std::smatch m;
  if (!std::regex_search(output, m, achieved))
    return fail(ErrorCode::InvalidInput, "llama2.c's run printed no \"achieved tok/s\" line");
  // Its timer counts milliseconds: a run shorter than one prints inf, and one of a single token nan.
  const auto speed = to_number(m[1].str());
  if (!speed || !std::isfinite(*speed) || !(*speed > 0))
    return fail(ErrorCode::InvalidInput, "llama2.c's run printed a speed that is not a positive number (too short a run?)",
                m[1].str());
  return *speed;
}

double fastest(const std::vector<double>& speeds) {
  return speeds.empty() ? 0 : *std::max_element(speeds.begin(), speeds.end());
}

double median(std::vector<double> speeds) {
  if (speeds.empty()) return 0;
  std::sort(speeds.begin(), speeds.end());
  const std::size_t n = speeds.size();
  return n % 2 ? speeds[n / 2] : (speeds[n / 2 - 1] + speeds[n / 2]) / 2;
}

Result<Llama2cComparison> compare_llama2c(const Llama2cComparisonOptions& o, Job& job) {
  for (const auto& [file, what] : {std::pair{&o.model, "no llama2.c checkpoint"}, std::pair{&o.tokenizer, "no llama2.c tokenizer"},
                                   std::pair{&o.text, "no text to score"}})
    if (!fs::is_regular_file(*file)) return fail(ErrorCode::NotFound, what, file->string());
  if (o.rounds < 1 || o.steps < 2) return fail(ErrorCode::InvalidInput, "the comparison needs a round and two steps");
  auto header = model::parse_llama2c_header(read_text(o.model), o.model.string());
  if (!header) return std::unexpected(header.error());
  Llama2cComparison out;
  out.context = header->sizes.seq_len;
  if (out.context < 2) return fail(ErrorCode::InvalidInput, "the checkpoint's context is under two tokens", o.model.string());
  std::error_code ec;
  fs::create_directories(o.work_dir, ec);
  if (ec) return fail(ErrorCode::Io, "cannot make the bench's folder: " + ec.message(), o.work_dir.string());

  const std::vector<std::string> generate = {o.run.string(), o.model.string(), "-z", o.tokenizer.string(),
                                             "-t", "0", "-n", std::to_string(o.steps)};
  std::vector<std::string> score = {o.cartograph_cli.string()};
  if (o.threads > 0) score.insert(score.end(), {"--threads", std::to_string(o.threads)});
  score.insert(score.end(), {"score", "--model", o.model.string(), "--tokenizer", o.tokenizer.string(), "--text-file",
                             o.text.string()});
  std::vector<std::string> score_once = score;
  score_once.insert(score_once.end(), {"--stride", std::to_string(out.context - 1)});
  const auto cartograph = [&](const std::vector<std::string>& args, const char* log) -> Result<ProcessMeasure> {
    auto m = run_measured(args, o.work_dir / log);
    if (!m) return m;
    if (auto total = read_score_total(read_text(o.work_dir / log), *m); !total)
      return fail(total.error().code, total.error().message, (o.work_dir / log).string());
    return m;
  };

  job.begin("llama2.c's run and cartograph-cli score, " + std::to_string(o.rounds) + " rounds", 3 * o.rounds);
  for (int r = 0; r < o.rounds; ++r) {
    // llama2.c as its users run it: its own environment, none of this process's thread settings.
    auto generated = run_measured(generate, o.work_dir / "llama2c-run.log", true);
    if (!generated) return std::unexpected(generated.error());
    out.llama2c_command = generated->command;
    auto speed = parse_llama2c_speed(read_text(o.work_dir / "llama2c-run.log"));
    if (!speed) return fail(speed.error().code, speed.error().message, (o.work_dir / "llama2c-run.log").string());
    out.llama2c.push_back(*speed);
    if (!job.advance()) return fail(ErrorCode::Cancelled, "cancelled");
    auto standard = cartograph(score, "score-default-stride.log");
    if (!standard) return std::unexpected(standard.error());
    out.score_default.push_back(*standard);
    if (!job.advance()) return fail(ErrorCode::Cancelled, "cancelled");
    auto once = cartograph(score_once, "score-each-position-once.log");
    if (!once) return std::unexpected(once.error());
    out.score_once.push_back(*once);
    if (!job.advance()) return fail(ErrorCode::Cancelled, "cancelled");
  }
  return out;
}

}  // namespace core::bench
