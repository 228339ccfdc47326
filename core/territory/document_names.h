#pragma once
// Names of a JSONL territory's documents, the labels every view and export shows (docs/ARCHITECTURE.md,
// "Territory limits"): the field the user names (ReadOptions::name_field), else the first of `name`,
// `title`, `id` that a line has, else the text's first words. Names that repeat get their line number,
// so two documents never share a label.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/territory/territory.h"

namespace core::territory {

// The first `max_words` words of `text` (whitespace runs become one space), cut at a character
// boundary to at most `max_bytes` bytes; "…" marks a cut. Empty for text without a word.
std::string first_words(std::string_view text, std::size_t max_words = 8, std::size_t max_bytes = 60);

// Names `documents` (read from `file`, documents[i] from line lines[i]) as the header says. A
// `name_field` that no line has is an error naming the file and the field.
Result<void> name_documents(std::vector<Document>& documents, const std::vector<std::int64_t>& lines,
                            const std::string& name_field, const std::string& file);

}  // namespace core::territory
