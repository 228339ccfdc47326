#pragma once
// core::bench::measure_load: how long loading a checkpoint (a Hugging Face folder's safetensors, or a
// one-file llama2.c or GGUF checkpoint) takes next to what reading its weight files costs when they
// are already in the page cache (the floor for any loader).
// Not thread-safe: a measurement owns the CPU.
#include <cstdint>
#include <filesystem>

#include "core/error.h"

namespace core::bench {

struct LoadMeasure {
  std::int64_t file_bytes = 0;  // every weight file of the folder
  // read() of every weight file from the page cache through one reused 1 MiB buffer, as `cat` does:
  // the cost of the bytes alone, the floor for any loader and the reference of ratio().
  double read_seconds = 0;
  // read() of every weight file into freshly allocated memory, as a loader that copies would: adds
  // a page fault per 4 KiB of new memory (on some virtual machines the larger part).
  double read_copy_seconds = 0;
  // load_checkpoint without hashing (float32 weights read into memory, core/model/resident_read.h)
  double load_seconds = 0;
  // load_checkpoint plus one forward pass of one token: every weight has been paged in and read once,
  // so this is the load a user waits for before the first result.
  double ready_seconds = 0;
  // The same one-token forward pass on a model already loaded and paged in: compute and one read of
  // every weight from memory, which no loader can avoid before a first result.
  double forward_seconds = 0;
  double hash_seconds = 0;      // sha256 of the weight files (load_checkpoint's default, reported apart)
  // What loading adds before the first result: ready minus the forward pass itself (reading the
  // weights, parsing, building the model, and any page faults the first pass still takes).
  double overhead_seconds() const { return ready_seconds > forward_seconds ? ready_seconds - forward_seconds : 0; }
  double ratio() const { return read_seconds > 0 ? overhead_seconds() / read_seconds : 0; }
};

// Each timing is the fastest of `repeats`, after one untimed read that puts the files in the cache.
Result<LoadMeasure> measure_load(const std::filesystem::path& folder, int repeats);

}  // namespace core::bench
