#pragma once
// The demo's territory: the plain-text fortune files every Debian machine can have
// (/usr/share/games/fortunes, packages fortunes and fortunes-min). Each file holds many fortunes
// separated by lines holding only "%"; the file name is the fortune's category.
//
// Stateless functions; safe from any thread.
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/jobs/job.h"

namespace core::demo {

struct Fortune {
  std::string category;  // the file it came from
  std::string text;      // without the "%" separator lines and without the final newline
};

struct FortuneCorpus {
  std::vector<Fortune> fortunes;           // by category file name, then in file order; duplicates removed
  std::vector<std::string> categories;     // sorted
  std::string content_hash;                // sha256 over every file read (name and bytes)
  std::int64_t duplicates = 0;             // fortunes dropped because an earlier one had the same text
  std::int64_t skipped_invalid_utf8 = 0;   // fortunes dropped because they are not valid UTF-8
};

// Reads every plain fortune file of `folder`: regular files without an extension (the .dat indexes,
// the .u8 links and other symlinks are skipped). A fortune whose text already appeared (in any file)
// is dropped, so a held-out text never also appears in training. NotFound, with a hint to install the
// fortunes package, when the folder is missing or holds no fortune file.
Result<FortuneCorpus> read_fortunes(const std::filesystem::path& folder, Job& job = Job::silent());

// Whether a fortune is held out of training (becomes a territory document): decided by the hash of
// its text alone, so the split is the same whatever the seed or the other fortunes.
bool is_held_out(const std::string& text, double held_out_fraction);

// Writes `fortunes` as JSONL, one {"text": ..., "category": ...} per line (the territory format).
Result<void> write_territory_jsonl(const std::filesystem::path& file, std::span<const Fortune> fortunes);

}  // namespace core::demo
