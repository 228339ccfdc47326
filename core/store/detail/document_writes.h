#pragma once
// Private to core/store: a scored document's rows as RunWriter::commit_documents writes them (the
// documents row, projection samples, statistics and one row of per-position tracks per map), and the
// checks every document passes first. Run inside the caller's write transaction.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/analysis/run_result.h"
#include "core/error.h"

namespace core::store::detail {

class Connection;

// Each document valid for a run of `maps` maps over `documents_total` documents (track lengths, top-k
// sizes, sample rows), none twice; the error names the document, the map and the array.
Result<void> validate_batch(std::span<const analysis::DocumentResult> documents, int maps,
                            std::int64_t documents_total, const std::string& path);

// Byte buffers reused from one document to the next (blobs in little-endian order, half floats).
struct BlobScratch {
  std::vector<std::byte> le;
  std::vector<std::byte> half;
  std::vector<std::byte> stats;  // the document's statistics (document_statistics.h)
};

// Writes document `d` of run `run_id`, replacing what an earlier commit wrote for it (a resumed batch
// that had in fact committed); true when there was such a document.
Result<bool> write_document(Connection& c, std::int64_t run_id, const analysis::DocumentResult& d, std::int64_t now,
                            BlobScratch& scratch);

// Re-committed documents were counted the first time; only `added` ones are new.
Result<void> count_documents_done(Connection& c, std::int64_t run_id, std::int64_t added);

}  // namespace core::store::detail
