#include "core/store/execute_run.h"

namespace core::store {
namespace {

Result<territory::Territory> read_territory(const RunOrder& order, Job& job) {
  if (order.territory) return *order.territory;
  return territory::read_territory(order.territory_path, order.territory_options, job);
}

Result<analysis::RunSpec> load_spec(const RunOrder& order, Job& job) {
  auto territory = read_territory(order, job);
  if (!territory) return std::unexpected(territory.error());
  analysis::RunSpec spec;
  for (const RunOrder::Map& m : order.maps) {
    model::LoadOptions load = order.load;
    if (!m.tokenizer.empty()) load.tokenizer = m.tokenizer;
    auto checkpoint = model::load_checkpoint(m.path, load, job);
    if (!checkpoint) return std::unexpected(checkpoint.error());
    spec.maps.push_back({std::move(*checkpoint), m.name});
  }
  spec.territory = std::move(*territory);
  spec.settings = order.settings;
  return spec;
}

}  // namespace

Result<ExecutedRun> execute_run(const RunOrder& order, Job& job) {
  auto spec = load_spec(order, job);
  if (!spec) return std::unexpected(spec.error());
  auto plan = analysis::plan_run(*spec, job);
  if (!plan) return std::unexpected(plan.error());
  ExecutedRun out;
  if (order.session_path.empty()) {
    analysis::RunOptions options;
    options.shard = order.record.shard;
    options.keep_tracks = order.record.keep_tracks;
    auto result = analysis::run(*spec, *plan, job, options);
    if (!result) return std::unexpected(result.error());
    out.result = std::move(*result);
    return out;
  }
  auto session = SessionFile::open(order.session_path, order.session_mode);
  if (!session) return std::unexpected(session.error());
  out.session_warnings = session->warnings();
  auto recorded = record_run(*session, *spec, *plan, job, order.record);
  if (!recorded) return std::unexpected(recorded.error());
  out.run_id = recorded->run_id;
  out.resumed_documents = recorded->resumed_documents;
  out.result = std::move(recorded->result);
  return out;
}

}  // namespace core::store
