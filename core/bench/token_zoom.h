#pragma once
// core::bench token zoom: what a click in the zoom studio costs (analysis::TokenZoomer) on synthetic
// maps of a named shape — a base and a tuned map of random weights over one random document of a
// window's length. Measured apart: the prompt's keys and values (once per prompt), preparing the
// document (each map's trunk once; the prompted base continues from the prompt's cache) and a click
// (the heads at one position, the shared top-k order, the KLs), against the 200 ms target.
// Not thread-safe: a measurement owns the CPU.
#include <cstdint>
#include <filesystem>

#include "core/bench/synthetic_model.h"
#include "core/error.h"
#include "core/jobs/job.h"

namespace core::bench {

struct TokenZoomMeasure {
  std::int64_t parameters = 0;   // of one map
  std::int64_t context = 0;      // window W (the document's length)
  std::int64_t prompt_tokens = 0;
  int clicks = 0;
  double prompt_seconds = 0;     // set_prompt: the prompt through the base, cached
  double prepare_seconds = 0;    // the document through every map
  double click_seconds = 0;      // median click
  double click_max_seconds = 0;  // slowest click
  double target_seconds = 0.2;
  double click_ratio() const { return click_seconds / target_seconds; }  // < 1 meets the target
};

Result<TokenZoomMeasure> measure_token_zoom(const ModelShape& shape, const std::filesystem::path& cache_dir,
                                            std::int64_t context, std::int64_t prompt_tokens, int clicks,
                                            Job& job = Job::silent());

}  // namespace core::bench
