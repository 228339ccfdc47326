#pragma once
// core::store document parts: a long document's results committed while it is still being scored, so a
// killed run loses at most the few seconds since its last commit and a rerun resumes the document from
// its last committed window (docs/ARCHITECTURE.md, "Long documents"; analysis/document_part.h).
//
// Parts live in their own table (schema 10, `document_parts`), which no reader of runs looks at: a run's
// documents, tracks and statistics are only ever whole documents. RunWriter::commit_parts appends them;
// writing the document whole (commit_documents) deletes its parts in the same transaction.
//
// Thread affinity: that of the SessionFile.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/analysis/document_part.h"
#include "core/error.h"
#include "core/store/session_file.h"

namespace core::store {

// Scored positions [first, last) of a document still being scored, taken from its tracks, with its
// projection samples from index first_sample of sample_positions on (those taken since the last part).
struct DocumentPart {
  const analysis::DocumentResult* document = nullptr;
  std::int64_t first = 0, last = 0;
  std::size_t first_sample = 0;
  std::int64_t group_windows = 0;  // windows of its batch group scored (GroupProgress::windows_done)
};

// The parts committed for run `run_id`, joined per document (its prefix of scored positions). A
// document whose parts do not join into one prefix for every map is left out: it is scored again.
Result<std::vector<analysis::PartialDocument>> load_document_parts(SessionFile& session, std::int64_t run_id);

}  // namespace core::store
