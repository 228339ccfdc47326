#pragma once
// core::store::anchor_token_annotations: gives notes written before schema 8 (pinned to token
// positions of some base tokenization) their byte range in the document text, which is what every run
// derives its own tokens from (core/analysis/text_anchor.h; docs/ARCHITECTURE.md, "Annotations").
//
// A note is converted with the tokens of the earliest run over its territory that holds the document
// (runs listed by id); a note no run can convert keeps its token positions and no text range, and the
// GUI shows it as token-anchored. Writes in one transaction; same thread affinity as the SessionFile.
#include <cstdint>

#include "core/error.h"
#include "core/store/session_file.h"

namespace core::store {

// The number of notes converted (0 when every note already has a text range).
Result<std::int64_t> anchor_token_annotations(SessionFile& session);

}  // namespace core::store
