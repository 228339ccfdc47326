#pragma once
// `bench --token-zoom`: the zoom studio's click-to-numbers (core/bench/token_zoom.h), as figures and
// the ratio to the 200 ms target.
#include <filesystem>
#include <string>
#include <vector>

#include "app/cli/cli.h"

namespace cli {

int run_token_zoom_bench(const std::vector<std::string>& models, std::int64_t context,
                         const std::filesystem::path& cache_dir, const Globals& g, core::Job& job);

}  // namespace cli
