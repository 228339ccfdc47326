#pragma once
// Options shared by the commands that run maps over a territory (score, compare, zoom, shift).
#include <optional>
#include <string>
#include <vector>

#include "app/cli/cli.h"
#include "core/analysis/run_result.h"
#include "core/analysis/shard.h"
#include "core/model/checkpoint.h"
#include "core/territory/territory.h"

namespace cli {

struct TerritoryArgs {
  std::string text, text_file, corpus;
  std::string name_field;  // --name-field: the JSONL field naming each document
  core::territory::ReadOptions read_options() const;
};

struct RunArgs {
  int top_k = 10;
  std::int64_t context = 0, stride = 0;
  int batch = 8;
  std::string device = "cpu";
  bool trust_torchscript = false;
  std::vector<std::string> tokenizers;  // --tokenizer: one for every map, or one per map (base first)
  std::string dtype = "auto";           // --dtype: what the maps' weights are kept in
};

// --text / --text-file / --corpus (exactly one).
void add_territory_options(CLI::App& cmd, TerritoryArgs& args, bool allow_text);
core::Result<core::territory::Territory> load_territory(const TerritoryArgs& args, core::Job& job);

// --top-k --context --stride --batch --device --trust-torchscript
void add_run_options(CLI::App& cmd, RunArgs& args, bool several_maps = true);
// --device --trust-torchscript only: for commands that load maps but run no windows over a territory
// (shift decodes from prompts), so they accept no option they would ignore.
void add_load_options(CLI::App& cmd, RunArgs& args, bool several_maps = true);
core::analysis::RunSettings settings_from(const RunArgs& args, int threads);

// --tokenizer PATH, for a map whose own tokenizer is missing or refused (or to try another): given
// once it applies to every map the command loads; given once per map it goes to the maps in order,
// the base (or --model) first, then each --tuned. The one definition every command that loads maps
// uses (add_load_options and add_run_options include it).
void add_tokenizer_option(CLI::App& cmd, std::vector<std::string>& tokenizers, bool several_maps);
// The override for map `index` of `count` (empty: the map's own), or an error when --tokenizer was
// given neither once nor once per map.
core::Result<std::string> tokenizer_for(const std::vector<std::string>& tokenizers, std::size_t index, std::size_t count);

// --dtype float32|float16|bfloat16|auto: the dtype maps' weight matrices are kept in (auto = as
// stored; docs/ARCHITECTURE.md, "Weight dtypes"). The one definition every command that loads maps
// uses (add_load_options and add_run_options include it).
void add_dtype_option(CLI::App& cmd, std::string& dtype);
core::model::WeightDType weight_dtype(const std::string& dtype);

// How --trust-torchscript, --device, --dtype and a tokenizer override load a map.
core::model::LoadOptions load_options(const RunArgs& args, const std::string& tokenizer);

// --shard I/N (score, compare, zoom; docs/ARCHITECTURE.md, "Sharded runs"): score and record only
// shard I of N of the territory into --session, for `merge` to fold.
void add_shard_option(CLI::App& cmd, std::string& shard);
// The parsed shard (nullopt when --shard was not given); refused without --session, since every shard
// is written to its own session file.
core::Result<std::optional<core::analysis::Shard>> shard_from(const std::string& text, const std::string& session);
// The thread count a shard runs and records: --threads, or the one-per-core count 0 resolves to
// (configure_threads). The count changes a product's last bits, so merge refuses shards whose
// counts differ; recording the resolved count lets it see two machines' "0" differ.
int shard_threads(int threads);

// Every `compare` field of one map.
nlohmann::json summary_json(const core::analysis::MapInfo& map, const core::analysis::MapSummary& s);

}  // namespace cli
