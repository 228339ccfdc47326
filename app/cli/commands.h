#pragma once
// One function per subcommand; each lives in its own cmd_*.cpp file.
#include "app/cli/cli.h"

namespace cli {

void add_version_command(CLI::App& app, Globals& globals);
void add_info_command(CLI::App& app, Globals& globals);
void add_sample_command(CLI::App& app, Globals& globals);
void add_tokenize_command(CLI::App& app, Globals& globals);
void add_score_command(CLI::App& app, Globals& globals);
void add_compare_command(CLI::App& app, Globals& globals);
void add_zoom_command(CLI::App& app, Globals& globals);
void add_shift_command(CLI::App& app, Globals& globals);
void add_demo_command(CLI::App& app, Globals& globals);
void add_bench_command(CLI::App& app, Globals& globals);
void add_export_tokens_command(CLI::App& app, Globals& globals);
void add_convert_command(CLI::App& app, Globals& globals);
void add_merge_command(CLI::App& app, Globals& globals);

}  // namespace cli
