#pragma once
// core::territory::jsonl_fields: which fields of a JSONL territory could name its documents, read from
// its first lines (the Run dialog offers them; docs/ARCHITECTURE.md, "Territory limits"). Reads at
// most `max_lines` non-blank lines and `max_bytes` bytes, so a call is quick however large the file.
// Thread-safe (reads only the file).
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/error.h"

namespace core::territory {

struct JsonlFieldOptions {
  std::string text_field = "text";       // the document text: never offered as a name
  std::size_t max_lines = 50;            // non-blank lines read at most
  std::int64_t max_bytes = 1ll << 20;    // bytes read at most (a longer line is not parsed)
};

// The top-level fields whose value is a string or a number in at least one of the first lines, in
// the order they first appear. Lines that are not JSON objects are passed over (reading the territory
// reports them). A file that cannot be opened is an error naming it.
Result<std::vector<std::string>> jsonl_fields(const std::filesystem::path& path, const JsonlFieldOptions& options = {});

}  // namespace core::territory
