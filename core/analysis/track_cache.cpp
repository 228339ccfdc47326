#include "core/analysis/track_cache.h"

#include "core/analysis/run_result.h"

namespace core::analysis {

Result<std::shared_ptr<const DocumentResult>> TrackCache::document(const RunResult& run, std::size_t document,
                                                                   bool keep) {
  std::lock_guard lock(mutex_);
  for (auto it = kept_.begin(); it != kept_.end(); ++it)
    if (it->first == document) {
      kept_.splice(kept_.begin(), kept_, it);
      return kept_.front().second;
    }
  auto tracks = source_->read(document);
  if (!tracks) return std::unexpected(tracks.error());
  ++reads_;
  // A copy of the document without its projection samples (the map view reads those from the run).
  const DocumentResult& shell = run.documents[document];
  auto full = std::make_shared<DocumentResult>();
  full->index = shell.index;
  full->name = shell.name;
  full->metadata = shell.metadata;
  full->byte_length = shell.byte_length;
  full->tokens = shell.tokens;
  full->text = shell.text;
  full->stats = shell.stats;
  full->maps = std::move(*tracks);
  std::shared_ptr<const DocumentResult> out = std::move(full);
  if (keep) {
    ++kept_reads_;
    kept_.emplace_front(document, out);
    if (kept_.size() > kKeptDocuments) kept_.pop_back();
  }
  return out;
}

std::shared_ptr<const DocumentResult> TrackCache::kept(std::size_t document) const {
  std::lock_guard lock(mutex_);
  for (const auto& [d, doc] : kept_)
    if (d == document) return doc;
  return nullptr;
}

std::int64_t TrackCache::reads() const {
  std::lock_guard lock(mutex_);
  return reads_;
}

std::int64_t TrackCache::kept_reads() const {
  std::lock_guard lock(mutex_);
  return kept_reads_;
}

Result<std::shared_ptr<const DocumentResult>> document_with_tracks(const RunResult& run, std::size_t document,
                                                                   bool keep) {
  if (document >= run.documents.size()) return fail(ErrorCode::NotFound, "no such document in the run");
  const DocumentResult& doc = run.documents[document];
  // Not owned: the run outlives what its callers do with its documents.
  if (doc.maps.size() == run.maps.size() || doc.scored() == 0)
    return std::shared_ptr<const DocumentResult>(std::shared_ptr<const DocumentResult>(), &doc);
  if (!run.track_cache)
    return fail(ErrorCode::Internal, "the tracks of document '" + doc.name + "' are not loaded");
  return run.track_cache->document(run, document, keep);
}

std::shared_ptr<const DocumentResult> document_if_ready(const RunResult& run, std::size_t document) {
  if (document >= run.documents.size()) return nullptr;
  const DocumentResult& doc = run.documents[document];
  if (doc.maps.size() == run.maps.size() || doc.scored() == 0)
    return std::shared_ptr<const DocumentResult>(std::shared_ptr<const DocumentResult>(), &doc);
  return run.track_cache ? run.track_cache->kept(document) : nullptr;
}

bool tracks_in_memory(const RunResult& run) {
  for (const DocumentResult& doc : run.documents)
    if (doc.scored() > 0 && doc.maps.size() != run.maps.size()) return false;
  return true;
}

}  // namespace core::analysis
