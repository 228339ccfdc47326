#pragma once
// Checkpoint and tokenizer folders come from elsewhere: an index names files, and any file may be a
// symlink. What a reader opens from a folder must resolve inside it, so that a folder cannot make
// Cartograph read /etc/passwd or a colleague's home (docs/ARCHITECTURE.md, "Untrusted content").
// Stateless; safe from any thread.
#include <filesystem>
#include <optional>

#include "core/error.h"

namespace core {

// Where `file` really lies (symlinks and ".." resolved) when that is outside `folder`; nullopt when it
// stays inside `folder` or, for a Hugging Face hub cache snapshot (<repo>/snapshots/<revision>/, whose
// files are links into ../../blobs/), inside <repo>/blobs/. An Io error when a path cannot be resolved.
Result<std::optional<std::filesystem::path>> outside_folder(const std::filesystem::path& folder,
                                                            const std::filesystem::path& file);

// An InvalidInput error naming `folder` when `file` leads outside it: "'config.json' is a link to
// /elsewhere/config.json, outside the folder; a checkpoint's files must lie inside it".
Result<void> require_inside_folder(const std::filesystem::path& folder, const std::filesystem::path& file);

}  // namespace core
