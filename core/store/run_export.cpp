#include "core/store/run_export.h"

#include "core/store/run_reader.h"

namespace core::store {

std::string describe_runs(const std::vector<RunListing>& runs) {
  std::string text;
  for (const RunListing& r : runs) {
    std::string maps;
    for (const std::string& m : r.map_names) maps += (maps.empty() ? "" : ", ") + m;
    text += (text.empty() ? "" : "; ") + std::to_string(r.id) + " (" + maps + "; " +
            std::to_string(r.documents_done) + " documents, " + to_string(r.status) + ")";
  }
  return text.empty() ? "none" : text;
}

Result<analysis::RunResult> load_complete_run(SessionFile& session, std::int64_t run_id, Job& job) {
  RunReader reader(session);
  auto runs = reader.list_runs();
  if (!runs) return std::unexpected(runs.error());
  bool found = false;
  for (const RunListing& r : *runs) found = found || r.id == run_id;
  if (!found)
    return fail(ErrorCode::NotFound,
                "no run " + std::to_string(run_id) + " in this session (runs: " + describe_runs(*runs) + ")",
                session.path().string());
  auto run = reader.load_run(run_id);
  if (!run) return std::unexpected(run.error());
  job.begin("loading tracks", std::int64_t(run->documents.size()));
  for (analysis::DocumentResult& doc : run->documents) {
    auto tracks = reader.load_tracks(run_id, doc.index);
    if (!tracks) return std::unexpected(tracks.error());
    doc.maps = std::move(*tracks);
    if (!job.advance()) return fail(ErrorCode::Cancelled, "cancelled");
  }
  return std::move(*run);
}

}  // namespace core::store
