#include "app/gui/run_engine.h"

#include "core/store/execute_run.h"

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
  auto executed = core::store::execute_run(runOrder(request), job);
  if (!executed) return std::unexpected(executed.error());
  return widgets::EngineOutcome{executed->run_id, std::move(executed->result)};
}

}  // namespace gui
