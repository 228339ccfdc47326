#include "core/store/track_reader.h"

#include <optional>

#include "core/store/run_reader.h"
#include "core/store/session_file.h"

namespace core::store {
namespace {

class SessionTrackSource final : public analysis::TrackSource {
 public:
  SessionTrackSource(std::filesystem::path path, std::int64_t run_id, std::vector<std::int64_t> indices)
      : path_(std::move(path)), run_id_(run_id), indices_(std::move(indices)) {}

  Result<std::vector<analysis::MapTrack>> read(std::size_t document) override {
    if (document >= indices_.size()) return fail(ErrorCode::NotFound, "no such document in the run", path_.string());
    if (!session_) {
      auto opened = SessionFile::open(path_, OpenMode::ReadOnly);
      if (!opened) return std::unexpected(opened.error());
      session_.emplace(std::move(*opened));
    }
    return RunReader(*session_).load_tracks(run_id_, indices_[document]);
  }

 private:
  std::filesystem::path path_;
  std::int64_t run_id_;
  std::vector<std::int64_t> indices_;  // per place in RunResult::documents: the document's territory index
  std::optional<SessionFile> session_;
};

}  // namespace

Result<analysis::RunResult> read_run_lazily(const std::filesystem::path& path, std::int64_t run_id) {
  auto session = SessionFile::open(path, OpenMode::ReadOnly);
  if (!session) return std::unexpected(session.error());
  auto run = RunReader(*session).load_run(run_id);
  if (!run) return std::unexpected(run.error());
  std::vector<std::int64_t> indices;
  indices.reserve(run->documents.size());
  for (const analysis::DocumentResult& d : run->documents) indices.push_back(d.index);
  run->track_cache = std::make_shared<analysis::TrackCache>(
      std::make_unique<SessionTrackSource>(path, run_id, std::move(indices)));
  return run;
}

}  // namespace core::store
