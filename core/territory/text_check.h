#pragma once
// Whether a territory file is text, decided from a prefix sample before the file is read whole, and
// the limit on one document's size (see docs/ARCHITECTURE.md, "Territory limits"). A 20 MiB file of
// random bytes is refused after reading its first 64 KiB, not scored as one giant document.
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "core/error.h"

namespace core::territory {

// How much of a file's start is sampled to decide whether it is text.
inline constexpr std::int64_t kTextSampleBytes = 64 << 10;
// A sample is not text when more than this share of its bytes are invalid UTF-8 or control
// characters other than tab, newline, vertical tab, form feed, carriage return and escape. Random
// bytes score about 0.55; real text with a few stray bytes stays under 0.05.
inline constexpr double kMaxBinaryShare = 0.30;
// NUL bytes never occur in text: a run of this many, or more than 1% of the sample, is refused.
inline constexpr std::int64_t kMaxNulRun = 4;
// Default ceiling on one document's UTF-8 bytes (ReadOptions::max_document_bytes).
inline constexpr std::int64_t kMaxDocumentBytes = 16ll << 20;

struct TextSample {
  std::int64_t bytes = 0;          // bytes examined
  std::int64_t binary_bytes = 0;   // invalid UTF-8 or control characters (NULs included)
  std::int64_t nul_bytes = 0;
  std::int64_t longest_nul_run = 0;
  std::int64_t first_nul = -1;     // offset of the first NUL, -1 when none
};

// Counts what makes `bytes` look binary. `cut` says the bytes were cut from a longer file, so an
// incomplete UTF-8 sequence in the last three bytes is not counted against them.
TextSample examine_text(std::string_view bytes, bool cut);

// Fails (InvalidInput, naming `path`) when the sample is not text, saying why in numbers.
Result<void> check_text(const TextSample& sample, const std::string& path, bool whole_file);

// Reads at most kTextSampleBytes from the start of `path` and checks them.
Result<void> check_text_file(const std::filesystem::path& path);

// "16.0 MiB": a byte count for messages.
std::string format_bytes(std::int64_t bytes);

}  // namespace core::territory
