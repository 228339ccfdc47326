#pragma once
// Private to core/store: the rows of `document_parts` (core/store/document_parts.h). Run inside the
// caller's transaction.
#include <cstdint>

#include "core/error.h"
#include "core/store/document_parts.h"

namespace core::store::detail {

class Connection;

// One row per map of the part's document. Checked first: the range lies within the document and every
// array the track has covers it. A part starting at position 0 first removes the document's older parts.
Result<void> insert_part(Connection& c, std::int64_t run_id, const DocumentPart& part);

// Removes the parts of one document (written whole now), or of every document when `doc` < 0.
Result<void> delete_parts(Connection& c, std::int64_t run_id, std::int64_t doc);

}  // namespace core::store::detail
