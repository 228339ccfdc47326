#include "core/store/recorder.h"

#include <map>
#include <set>

#include "core/store/convert.h"
#include "core/store/document_parts.h"
#include "core/store/run_reader.h"
#include "core/store/run_writer.h"

namespace core::store {
namespace {

bool matches(const analysis::RunResult& stored, const analysis::RunSpec& spec, const analysis::RunPlan& plan,
             const std::optional<analysis::Shard>& shard) {
  if (stored.maps.size() != plan.maps.size()) return false;
  const std::vector<std::int64_t> shards = shard ? std::vector<std::int64_t>{shard->index} : std::vector<std::int64_t>{};
  if (stored.shard_count != (shard ? shard->count : 0) || stored.shards_present != shards) return false;
  for (std::size_t m = 0; m < plan.maps.size(); ++m)
    if (stored.maps[m].sha256 != plan.maps[m].sha256 || stored.maps[m].role != plan.maps[m].role) return false;
  return stored.territory.content_hash == spec.territory.content_hash && stored.settings.prompt == spec.settings.prompt &&
         stored.settings.top_k == spec.settings.top_k && stored.window == plan.window && stored.stride == plan.stride;
}

// The newest interrupted, cancelled or failed run that matches, or 0.
Result<std::int64_t> find_resumable(SessionFile& session, const analysis::RunSpec& spec, const analysis::RunPlan& plan,
                                    const std::optional<analysis::Shard>& shard) {
  RunReader reader(session);
  auto runs = reader.list_runs();
  if (!runs) return std::unexpected(runs.error());
  for (auto it = runs->rbegin(); it != runs->rend(); ++it) {
    if (it->status == RunStatus::Complete || it->status == RunStatus::Running) continue;
    if (it->window != plan.window || it->stride != plan.stride || it->prompt != spec.settings.prompt) continue;
    auto stored = reader.load_run(it->id);
    if (stored && matches(*stored, spec, plan, shard)) return it->id;
  }
  return 0;
}

Result<std::vector<analysis::DocumentResult>> load_done(SessionFile& session, std::int64_t run_id) {
  RunReader reader(session);
  auto stored = reader.load_run(run_id);
  if (!stored) return std::unexpected(stored.error());
  auto done = reader.completed_documents(run_id);
  if (!done) return std::unexpected(done.error());
  std::vector<analysis::DocumentResult> docs;
  for (analysis::DocumentResult& d : stored->documents) {
    if (!done->count(d.index)) continue;
    auto tracks = reader.load_tracks(run_id, d.index);
    if (!tracks) return std::unexpected(tracks.error());
    d.maps = std::move(*tracks);
    if (auto s = reader.load_samples(run_id, d); !s) return std::unexpected(s.error());
    docs.push_back(std::move(d));
  }
  return docs;
}

}  // namespace

Result<RecordedRun> record_run(SessionFile& session, const analysis::RunSpec& spec, const analysis::RunPlan& plan,
                               Job& job, const RecordOptions& options) {
  if (session.read_only())
    return fail(ErrorCode::ReadOnly, "the session is read-only: a run cannot be written to it", session.path().string());
  RunWriter writer(session);
  RecordedRun out;
  analysis::RunOptions run_options;
  run_options.keep_tracks = options.keep_tracks;
  run_options.shard = options.shard;
  if (options.resume) {
    auto found = find_resumable(session, spec, plan, options.shard);
    if (!found) return std::unexpected(found.error());
    if (*found) {
      if (auto r = writer.resume_run(*found); !r) return std::unexpected(r.error());
      auto done = load_done(session, *found);
      if (!done) return std::unexpected(done.error());
      out.run_id = *found;
      out.resumed_documents = std::int64_t(done->size());
      run_options.resumed = std::move(*done);
      auto parts = load_document_parts(session, *found);
      if (!parts) return std::unexpected(parts.error());
      run_options.partial = std::make_shared<std::vector<analysis::PartialDocument>>(std::move(*parts));
    }
  }
  if (!out.run_id) {
    analysis::RunResult header;
    header.settings = spec.settings;
    header.maps = plan.maps;
    header.window = plan.window;
    header.stride = plan.stride;
    header.warnings = plan.warnings;
    header.token_texts = plan.token_texts;
    header.territory = {spec.territory.source, spec.territory.content_hash,
                        std::int64_t(spec.territory.documents.size()), spec.territory.total_bytes()};
    header.versions = analysis::run_versions(spec.settings);
    if (options.shard) {
      header.shard_count = options.shard->count;
      header.shards_present = {options.shard->index};
    }
    auto id = writer.begin_run(header, territory_record(spec.territory));
    if (!id) return std::unexpected(id.error());
    out.run_id = *id;
  }

  std::vector<analysis::DocumentResult> pending;
  auto last_commit = std::chrono::steady_clock::now();
  const auto commit = [&]() -> Result<void> {
    if (pending.empty()) return {};
    auto r = writer.commit_documents(out.run_id, pending);
    pending.clear();
    last_commit = std::chrono::steady_clock::now();
    return r;
  };
  run_options.sink = [&](const analysis::DocumentResult& doc) -> Result<void> {
    pending.push_back(doc);
    if (std::int64_t(pending.size()) >= options.commit_documents ||
        std::chrono::steady_clock::now() - last_commit >= options.commit_interval)
      return commit();
    return {};
  };
  // Within a batch group (a long document), the new positions are committed once commit_interval has
  // passed since the last commit. A time budget, not a token one: it bounds the work a kill loses in
  // seconds whatever the model's speed (a token budget would be minutes on a 7B model and a commit per
  // batch on a tiny one), and a group that finishes within it is written whole as before.
  struct Committed {
    std::int64_t positions = 0;
    std::size_t samples = 0;
  };
  std::map<std::int64_t, Committed> committed_parts;
  std::set<std::int64_t> loaded;  // documents with parts from the interrupted run, not yet taken or dropped
  if (run_options.partial)
    for (const analysis::PartialDocument& p : *run_options.partial) {
      committed_parts[p.index] = {p.positions, p.sample_positions.size()};
      loaded.insert(p.index);
    }
  run_options.part_sink = [&](const analysis::GroupProgress& progress) -> Result<bool> {
    for (const analysis::DocumentProgress& d : progress.documents)
      // The engine did not trust the group's parts: the next part starts at 0 and replaces them.
      if (loaded.erase(d.document->index) && progress.resumed_at == 0) committed_parts[d.document->index] = {};
    if (std::chrono::steady_clock::now() - last_commit < options.commit_interval) return false;
    if (auto r = commit(); !r) return std::unexpected(r.error());  // finished documents first
    std::vector<DocumentPart> parts;
    for (const analysis::DocumentProgress& d : progress.documents) {
      Committed& mark = committed_parts[d.document->index];
      if (d.positions <= mark.positions) continue;
      parts.push_back({d.document, mark.positions, d.positions, mark.samples, progress.windows_done});
    }
    if (auto r = writer.commit_parts(out.run_id, parts); !r) return std::unexpected(r.error());
    for (const DocumentPart& p : parts) committed_parts[p.document->index] = {p.last, p.document->sample_positions.size()};
    last_commit = std::chrono::steady_clock::now();
    return true;
  };
  auto result = analysis::run(spec, plan, job, run_options);
  // Whatever finished is kept, also when the run was cancelled or failed.
  const auto flushed = commit();
  if (!result) {
    const RunStatus status = result.error().code == ErrorCode::Cancelled ? options.cancelled_status : RunStatus::Failed;
    (void)writer.finish_run(out.run_id, {}, {}, status, std::vector<std::string>{result.error().what()});
    return std::unexpected(result.error());
  }
  if (!flushed) return std::unexpected(flushed.error());
  const auto& r = **result;
  if (auto f = writer.finish_run(out.run_id, r.summaries, r.projection, RunStatus::Complete); !f)
    return std::unexpected(f.error());
  out.result = *result;
  return out;
}

}  // namespace core::store
