#pragma once
// core::model::discover_lineage: a folder of training revisions (Pythia's `step1000/ ... step143000/`,
// `checkpoint-500/`, or step-numbered .gguf/.bin files) as one ordered lineage, earliest first.
// Only the folder listing is read (no checkpoint is opened); safe from any thread.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/error.h"

namespace core::model {

struct LineageRevision {
  std::filesystem::path path;  // the revision's checkpoint folder or file
  std::string name;            // its file name ("step1000"), a default display name
  std::uint64_t step = 0;      // the first number in its name
};

// The revisions in `folder`: subfolders holding a config.json and .gguf/.bin files, ordered by the
// first number in their names (numerically: step2000 before step10000). Errors name the folder and
// the entry: a revision with no number, two revisions with the same number, a number too large,
// fewer than one revision.
Result<std::vector<LineageRevision>> discover_lineage(const std::filesystem::path& folder);

}  // namespace core::model
