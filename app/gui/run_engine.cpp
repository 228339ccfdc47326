#include "app/gui/run_engine.h"

#include "core/store/execute_run.h"
#include "core/store/track_reader.h"

namespace gui {

core::store::RunOrder runOrder(const widgets::RunRequest& request) {
  core::store::RunOrder order;
  for (const QString& path : request.checkpoints()) order.maps.push_back({path.toStdString(), {}});
  order.territory_path = request.territory.toStdString();
  order.territory_options.name_field = request.nameField.toStdString();  // the Run dialog's "Document names"
  order.settings = request.settings;
  order.settings.prompt = request.prompt.toStdString();
  order.load.device = request.settings.device;
  // The weights' dtype the Run dialog chose (default auto: as stored, docs/ARCHITECTURE.md,
  // "Weight dtypes"), recorded in the settings.
  order.load.dtype = core::model::parse_weight_dtype(request.settings.dtype).value_or(core::model::WeightDType::Auto);
  order.load.tokenizer = request.tokenizer.toStdString();  // empty: each map's own
  order.load.trust_torchscript = request.trustTorchScript;  // confirmed in the Run dialog
  order.session_path = request.sessionPath.toStdString();
  return order;
}

core::Result<widgets::EngineOutcome> runEngine(const widgets::RunRequest& request, core::Job& job) {
  core::store::RunOrder order = runOrder(request);
  // Recorded in a session file, the run keeps no tracks in memory (long documents are streamed,
  // docs/ARCHITECTURE.md "Long documents") and is shown as File > Open shows it: read back lazily, a
  // document's tracks when a view needs them. Without a file, the result in memory is all there is.
  const bool recorded = !order.session_path.empty();
  order.record.keep_tracks = !recorded;
  auto executed = core::store::execute_run(order, job);
  if (!executed) return std::unexpected(executed.error());
  if (!recorded) return widgets::EngineOutcome{executed->run_id, std::move(executed->result)};
  auto lazy = core::store::read_run_lazily(order.session_path, executed->run_id);
  if (!lazy) return std::unexpected(lazy.error());
  return widgets::EngineOutcome{executed->run_id, std::make_shared<const core::analysis::RunResult>(std::move(*lazy))};
}

}  // namespace gui
