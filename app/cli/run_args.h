#pragma once
// Options shared by the commands that run maps over a territory (score, compare, zoom, shift).
#include <string>

#include "app/cli/cli.h"
#include "core/analysis/run_result.h"
#include "core/model/checkpoint.h"
#include "core/territory/territory.h"

namespace cli {

struct TerritoryArgs {
  std::string text, text_file, corpus;
};

struct RunArgs {
  int top_k = 10;
  std::int64_t context = 0, stride = 0;
  int batch = 8;
  std::string device = "cpu";
  bool trust_torchscript = false;
};

// --text / --text-file / --corpus (exactly one).
void add_territory_options(CLI::App& cmd, TerritoryArgs& args, bool allow_text);
core::Result<core::territory::Territory> load_territory(const TerritoryArgs& args, core::Job& job);

// --top-k --context --stride --batch --device --trust-torchscript
void add_run_options(CLI::App& cmd, RunArgs& args);
// --device --trust-torchscript only: for commands that load maps but run no windows over a territory
// (shift decodes from prompts), so they accept no option they would ignore.
void add_load_options(CLI::App& cmd, RunArgs& args);
core::analysis::RunSettings settings_from(const RunArgs& args, int threads);

// How --trust-torchscript, --device and a tokenizer override load a map.
core::model::LoadOptions load_options(const RunArgs& args, const std::string& tokenizer);
core::Result<core::model::Checkpoint> load_map(const std::string& path, const RunArgs& args,
                                                const std::string& tokenizer, core::Job& job);

// Every `compare` field of one map.
nlohmann::json summary_json(const core::analysis::MapInfo& map, const core::analysis::MapSummary& s);

}  // namespace cli
