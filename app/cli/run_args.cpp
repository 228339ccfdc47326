#include "app/cli/run_args.h"

#include <algorithm>
#include <cmath>
#include <thread>

#include "core/analysis/fields.h"

namespace cli {

void add_territory_options(CLI::App& cmd, TerritoryArgs& args, bool allow_text) {
  auto* group = cmd.add_option_group("territory", "The ground-truth text");
  if (allow_text) {
    group->add_option("--text", args.text, "Text to score");
    group->add_option("--text-file", args.text_file, "A file read as one document")->check(CLI::ExistingFile);
  }
  group->add_option("--corpus", args.corpus, "A .txt file, a .jsonl file (text + metadata) or a folder of .txt/.md");
  group->require_option(1);
  cmd.add_option("--name-field", args.name_field,
                 "JSONL: the field naming each document (default: name, title or id, else the first words)");
}

core::territory::ReadOptions TerritoryArgs::read_options() const {
  core::territory::ReadOptions options;
  options.name_field = name_field;
  return options;
}

core::Result<core::territory::Territory> load_territory(const TerritoryArgs& args, core::Job& job) {
  if (!args.text.empty()) return core::territory::from_text(args.text, "text");
  if (!args.text_file.empty()) {
    core::territory::ReadOptions plain;
    return core::territory::read_territory(args.text_file, plain, job);
  }
  return core::territory::read_territory(args.corpus, args.read_options(), job);
}

void add_run_options(CLI::App& cmd, RunArgs& args, bool several_maps) {
  cmd.add_option("--top-k", args.top_k, "Most probable tokens kept per position")->default_val(10)->check(CLI::Range(0, 1000));
  cmd.add_option("--context", args.context, "Window W in tokens (0 = the model's context)")->default_val(0);
  cmd.add_option("--stride", args.stride, "Stride S between windows (0 = W/2)")->default_val(0);
  cmd.add_option("--batch", args.batch, "Windows per forward pass (maps of up to 16M parameters: at most 2)")
      ->default_val(8)->check(CLI::Range(1, 4096));
  add_load_options(cmd, args, several_maps);
}

void add_tokenizer_option(CLI::App& cmd, std::vector<std::string>& tokenizers, bool several_maps) {
  auto* o = cmd.add_option("--tokenizer", tokenizers,
                           several_maps ? "Tokenizer file or folder replacing a map's own (once: every map; repeated: "
                                          "one per map, base first)"
                                        : "Tokenizer file or folder replacing the map's own");
  if (!several_maps) o->expected(1);
}

core::Result<std::string> tokenizer_for(const std::vector<std::string>& tokenizers, std::size_t index, std::size_t count) {
  if (tokenizers.empty()) return std::string();
  if (tokenizers.size() == 1) return tokenizers.front();
  if (tokenizers.size() != count)
    return core::fail(core::ErrorCode::InvalidInput,
                      "--tokenizer is given " + std::to_string(tokenizers.size()) + " times for " + std::to_string(count) +
                          " maps: give it once (for every map) or once per map, the base first");
  return tokenizers[index];
}

void add_dtype_option(CLI::App& cmd, std::string& dtype) {
  cmd.add_option("--dtype", dtype,
                 "Keep the weights in float32, float16 or bfloat16; auto = as stored (logits and metrics are float32)")
      ->default_val("auto")
      ->check(CLI::IsMember({"auto", "float32", "float16", "bfloat16"}));
}

core::model::WeightDType weight_dtype(const std::string& dtype) {
  return core::model::parse_weight_dtype(dtype).value_or(core::model::WeightDType::Auto);
}

void add_load_options(CLI::App& cmd, RunArgs& args, bool several_maps) {
  add_tokenizer_option(cmd, args.tokenizers, several_maps);
  add_dtype_option(cmd, args.dtype);
  cmd.add_option("--device", args.device, "cpu or cuda")->default_val("cpu")->check(CLI::IsMember({"cpu", "cuda"}));
  cmd.add_flag("--trust-torchscript", args.trust_torchscript, "Allow TorchScript checkpoints (they can run code)");
}

core::analysis::RunSettings settings_from(const RunArgs& args, int threads) {
  core::analysis::RunSettings s;
  s.top_k = args.top_k;
  s.context = args.context;
  s.stride = args.stride;
  s.batch = args.batch;
  s.device = args.device;
  s.dtype = args.dtype;
  s.threads = threads;
  return s;
}

core::model::LoadOptions load_options(const RunArgs& args, const std::string& tokenizer) {
  core::model::LoadOptions options;
  options.tokenizer = tokenizer;
  options.trust_torchscript = args.trust_torchscript;
  options.device = args.device;
  options.dtype = weight_dtype(args.dtype);
  return options;
}

nlohmann::json summary_json(const core::analysis::MapInfo& map, const core::analysis::MapSummary& s) {
  namespace analysis = core::analysis;
  nlohmann::json j{{"name", map.name},
                   {"role", analysis::to_string(map.role)},
                   {"path", map.path},
                   {"sha256", map.sha256},
                   {"quadrants", {{"known", s.quadrants.known}, {"blank", s.quadrants.blank}, {"misdrawn", s.quadrants.misdrawn}}}};
  // Every field of the table. Deltas and divergences against the base are reported for the base
  // too (0 against itself); zoom and added-vocabulary fields only where the map has them.
  for (const analysis::SummaryField& f : analysis::summary_fields()) {
    const bool reported = f.applies == analysis::Applies::Every || f.applies == analysis::Applies::Tuned ||
                          analysis::applies(f, map, s);
    if (!reported) continue;
    const std::string key(f.key);
    if (analysis::is_integral(f)) j[key] = static_cast<std::int64_t>(f.get(s));
    else j[key] = number(f.get(s));
  }
  if (map.added_vocab > 0) j["added_vocab"] = map.added_vocab;
  nlohmann::json bins = nlohmann::json::array();
  for (const auto& b : s.reliability)
    bins.push_back({{"count", b.count},
                    {"confidence", b.count ? b.confidence_sum / double(b.count) : 0.0},
                    {"accuracy", b.count ? b.correct_sum / double(b.count) : 0.0}});
  j["reliability"] = bins;
  return j;
}

void add_shard_option(CLI::App& cmd, std::string& shard) {
  cmd.add_option("--shard", shard,
                 "I/N: score only shard I of N (from 0) of the territory, balanced by tokens, into --session; "
                 "`merge` folds the shards' sessions into one");
}

core::Result<std::optional<core::analysis::Shard>> shard_from(const std::string& text, const std::string& session) {
  if (text.empty()) return std::optional<core::analysis::Shard>();
  auto shard = core::analysis::parse_shard(text);
  if (!shard) return std::unexpected(shard.error());
  if (session.empty())
    return core::fail(core::ErrorCode::InvalidInput,
                      "--shard " + text + " needs --session FILE: each shard is written to its own session, "
                      "which `cartograph-cli merge` folds into one");
  return std::optional<core::analysis::Shard>(*shard);
}

int shard_threads(int threads) {
  return threads > 0 ? threads : int(std::max(1u, std::thread::hardware_concurrency()));
}

}  // namespace cli
