#include "core/store/execute_zoom.h"

#include <chrono>

#include "core/store/recorder.h"
#include "core/store/run_reader.h"
#include "core/store/zoom_store.h"

namespace core::store {
namespace {

// A complete unprompted run of exactly these maps (by sha256, in order) over this territory with the
// same windows, covering what the zoom covers (for an unsharded zoom an unsharded run or a complete
// merge, for a shard that very shard), read back with every track; nullopt when the session has none.
Result<std::optional<std::pair<std::int64_t, analysis::RunResult>>> stored_run(
    SessionFile& session, const analysis::RunPlan& plan, const std::string& content_hash,
    const std::optional<analysis::Shard>& shard) {
  RunReader reader(session);
  auto runs = reader.list_runs();
  if (!runs) return std::unexpected(runs.error());
  for (auto it = runs->rbegin(); it != runs->rend(); ++it) {
    if (it->status != RunStatus::Complete || !it->prompt.empty() || it->map_names.size() != plan.maps.size()) continue;
    if (it->window != plan.window || it->stride != plan.stride) continue;
    if (shard ? it->shard_count != shard->count || it->shards_present != std::vector<std::int64_t>{shard->index}
              : it->shard_count != 0 && std::int64_t(it->shards_present.size()) != it->shard_count)
      continue;
    auto run = reader.load_run(it->id);
    if (!run) return std::unexpected(run.error());
    if (run->territory.content_hash != content_hash) continue;
    bool same = true;
    for (std::size_t m = 0; m < plan.maps.size(); ++m)
      same = same && !plan.maps[m].sha256.empty() && run->maps[m].sha256 == plan.maps[m].sha256;
    if (!same) continue;
    for (auto& d : run->documents) {
      auto tracks = reader.load_tracks(it->id, d.index);
      if (!tracks) return std::unexpected(tracks.error());
      d.maps = std::move(*tracks);
    }
    return std::optional<std::pair<std::int64_t, analysis::RunResult>>(std::pair(it->id, std::move(*run)));
  }
  return std::optional<std::pair<std::int64_t, analysis::RunResult>>();
}

}  // namespace

Result<ExecutedZoom> execute_zoom(const ZoomOrder& order, Job& job) {
  analysis::RunSpec spec;
  {
    auto territory = order.run.territory ? Result<territory::Territory>(*order.run.territory)
                                         : territory::read_territory(order.run.territory_path,
                                                                     order.run.territory_options, job);
    if (!territory) return std::unexpected(territory.error());
    spec.territory = std::move(*territory);
  }
  for (const RunOrder::Map& m : order.run.maps) {
    model::LoadOptions load = order.run.load;
    if (!m.tokenizer.empty()) load.tokenizer = m.tokenizer;
    auto checkpoint = model::load_checkpoint(m.path, load, job);
    if (!checkpoint) return std::unexpected(checkpoint.error());
    spec.maps.push_back({std::move(*checkpoint), m.name});
  }
  spec.settings = order.run.settings;
  spec.settings.prompt.clear();
  // Tokenizes the territory and checks every tuned tokenizer against the base (names the map).
  auto plan = analysis::plan_run(spec, job);
  if (!plan) return std::unexpected(plan.error());
  if (auto ok = analysis::check_prompts(spec.maps[0].checkpoint, order.prompts, plan->window); !ok)
    return std::unexpected(ok.error());

  ExecutedZoom out;
  std::optional<SessionFile> session;
  if (!order.run.session_path.empty()) {
    auto opened = SessionFile::open(order.run.session_path, order.run.session_mode);
    if (!opened) return std::unexpected(opened.error());
    out.session_warnings = opened->warnings();
    session.emplace(std::move(*opened));
    auto found = stored_run(*session, *plan, spec.territory.content_hash, order.run.record.shard);
    if (!found) return std::unexpected(found.error());
    if (*found) {
      out.run_id = (*found)->first;
      out.source = std::make_shared<const analysis::RunResult>(std::move((*found)->second));
      out.reused_run = true;
    }
  }
  const auto start = std::chrono::steady_clock::now();
  if (!out.source) {
    if (session) {
      auto recorded = record_run(*session, spec, *plan, job, order.run.record);
      if (!recorded) return std::unexpected(recorded.error());
      out.run_id = recorded->run_id;
      out.source = std::move(recorded->result);
    } else {
      if (order.run.record.shard)
        return fail(ErrorCode::InvalidInput, "a sharded zoom run is recorded in a session; name one");
      auto result = analysis::run(spec, *plan, job);
      if (!result) return std::unexpected(result.error());
      out.source = std::move(*result);
    }
    out.source_seconds = seconds_since(start);
  }

  analysis::ZoomSpec zspec;
  zspec.maps = std::move(spec.maps);
  zspec.source = out.source.get();
  zspec.prompts = order.prompts;
  zspec.batch = order.run.settings.batch;
  zspec.threads = order.run.settings.threads;
  const auto zoom_start = std::chrono::steady_clock::now();
  auto zoom = analysis::zoom_run(zspec, job);
  if (!zoom) return std::unexpected(zoom.error());
  out.zoom_seconds = seconds_since(zoom_start);
  out.zoom = std::move(*zoom);
  out.rows = analysis::zoom_rows(out.zoom, *out.source);
  if (session) {
    ZoomStore store(*session);
    auto ids = store.prompt_versions(out.zoom.prompts);
    if (!ids) return std::unexpected(ids.error());
    auto id = store.save(out.run_id, out.zoom, out.rows);
    if (!id) return std::unexpected(id.error());
    out.zoom_id = *id;
  }
  return out;
}

}  // namespace core::store
