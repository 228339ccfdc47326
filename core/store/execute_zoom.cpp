#include "core/store/execute_zoom.h"

#include <algorithm>
#include <chrono>
#include <map>

#include "core/store/recorder.h"
#include "core/store/run_reader.h"
#include "core/store/zoom_store.h"

namespace core::store {
namespace {

// Every document's tracks of the stored run `run_id` into `run`: every array, or each map's kl_tb.
Result<void> load_tracks(RunReader& reader, std::int64_t run_id, analysis::RunResult& run, bool every_track) {
  for (auto& d : run.documents) {
    auto tracks = every_track ? reader.load_tracks(run_id, d.index) : reader.load_kl_tb(run_id, d.index);
    if (!tracks) return std::unexpected(tracks.error());
    d.maps = std::move(*tracks);
  }
  return {};
}

// The unprompted run without a session, keeping each map's kl_tb and nothing else: the engine streams
// (RunOptions::keep_tracks false), and every range it hands over, after a batch (as a part) or when a
// document ends (its tail), has its kl_tb appended to the document's, so even a long document's other
// arrays are never all in memory.
Result<std::shared_ptr<const analysis::RunResult>> run_keeping_kl_tb(const analysis::RunSpec& spec,
                                                                     const analysis::RunPlan& plan, Job& job) {
  std::map<std::int64_t, std::vector<analysis::MapTrack>> kept;
  // Appends the document's held positions up to `positions` (its tracks hold [tracks_from, ...)).
  const auto keep = [&](const analysis::DocumentResult& d, std::int64_t positions) {
    auto& maps = kept[d.index];
    maps.resize(d.maps.size());
    const auto n = std::size_t(std::max<std::int64_t>(0, positions - d.tracks_from));
    for (std::size_t m = 0; m < d.maps.size(); ++m) {
      const auto& from = d.maps[m].kl_tb;
      maps[m].kl_tb.insert(maps[m].kl_tb.end(), from.begin(), from.begin() + std::ptrdiff_t(std::min(n, from.size())));
    }
  };
  analysis::RunOptions options;
  options.keep_tracks = false;
  options.part_sink = [&](const analysis::GroupProgress& progress) -> Result<bool> {
    for (const auto& p : progress.documents) keep(*p.document, p.positions);
    return true;  // kept: the engine may drop these positions
  };
  options.sink = [&](const analysis::DocumentResult& d) -> Result<void> {
    keep(d, std::int64_t(d.scored()));
    return {};
  };
  auto result = analysis::run(spec, plan, job, options);
  if (!result) return std::unexpected(result.error());
  auto source = std::make_shared<analysis::RunResult>(**result);
  result->reset();
  for (auto& d : source->documents) {
    auto it = kept.find(d.index);
    if (it == kept.end()) return fail(ErrorCode::Internal, "the run returned document " + d.name + " unscored");
    d.maps = std::move(it->second);
    kept.erase(it);
  }
  return std::shared_ptr<const analysis::RunResult>(std::move(source));
}

// A complete unprompted run of exactly these maps (by sha256, in order) over this territory with the
// same windows, covering what the zoom covers (for an unsharded zoom an unsharded run or a complete
// merge, for a shard that very shard), read back with its tracks (every array, or only kl_tb);
// nullopt when the session has none.
Result<std::optional<std::pair<std::int64_t, analysis::RunResult>>> stored_run(
    SessionFile& session, const analysis::RunPlan& plan, const std::string& content_hash,
    const std::optional<analysis::Shard>& shard, bool every_track) {
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
    if (auto loaded = load_tracks(reader, it->id, *run, every_track); !loaded) return std::unexpected(loaded.error());
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
    auto found = stored_run(*session, *plan, spec.territory.content_hash, order.run.record.shard,
                            order.keep_source_tracks);
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
      RecordOptions record = order.run.record;
      record.keep_tracks = order.keep_source_tracks;
      auto recorded = record_run(*session, spec, *plan, job, record);
      if (!recorded) return std::unexpected(recorded.error());
      out.run_id = recorded->run_id;
      if (order.keep_source_tracks) {
        out.source = std::move(recorded->result);
      } else {  // recorded without tracks: read back what the zoom needs
        auto source = std::make_shared<analysis::RunResult>(*recorded->result);
        recorded->result.reset();
        RunReader reader(*session);
        if (auto loaded = load_tracks(reader, out.run_id, *source, false); !loaded)
          return std::unexpected(loaded.error());
        out.source = std::move(source);
      }
    } else {
      if (order.run.record.shard)
        return fail(ErrorCode::InvalidInput, "a sharded zoom run is recorded in a session; name one");
      auto result = order.keep_source_tracks ? analysis::run(spec, *plan, job) : run_keeping_kl_tb(spec, *plan, job);
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
