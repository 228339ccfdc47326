#pragma once
// core::write_atomically: how every export (token tables, figures' sidecars, reports) reaches the disk.
// The bytes go to a temporary file beside the target, are flushed, and only then renamed onto the
// target, so a failed or cancelled export (a full disk, an unwritable folder) never leaves a
// half-written file under the user's name. An existing target is an error unless `overwrite`.
// Any thread; no shared state.
#include <filesystem>
#include <functional>
#include <ostream>
#include <string>

#include "core/error.h"

namespace core {

// `write` fills the stream and returns false to abandon the export (it may also return an error
// through `failure`, which is then reported as it is).
struct AtomicWriteOptions {
  bool overwrite = false;  // replace an existing file (the CLI's --force)
};
Result<void> write_atomically(const std::filesystem::path& target, const AtomicWriteOptions& options,
                              const std::function<Result<void>(std::ostream&)>& write);

// The check alone (exists without overwrite, parent folder missing): lets a command refuse before it
// loads anything.
Result<void> check_writable_target(const std::filesystem::path& target, const AtomicWriteOptions& options);

}  // namespace core
