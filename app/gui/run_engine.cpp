#include "app/gui/run_engine.h"

#include "core/analysis/engine.h"
#include "core/model/checkpoint.h"
#include "core/store/recorder.h"
#include "core/store/session.h"
#include "core/territory/territory.h"

namespace gui {

core::Result<std::shared_ptr<const core::analysis::RunResult>> runEngine(const widgets::RunRequest& request,
                                                                         core::Job& job) {
  auto territory = core::territory::read_territory(request.territory.toStdString(), {}, job);
  if (!territory) return std::unexpected(territory.error());
  core::analysis::RunSpec spec;
  core::model::LoadOptions options;
  options.device = request.settings.device;
  options.trust_torchscript = request.trustTorchScript;  // confirmed in the Run dialog
  for (const QString& path : request.checkpoints()) {
    auto checkpoint = core::model::load_checkpoint(path.toStdString(), options, job);
    if (!checkpoint) return std::unexpected(checkpoint.error());
    spec.maps.push_back({std::move(*checkpoint), {}});
  }
  spec.territory = std::move(*territory);
  spec.settings = request.settings;
  spec.settings.prompt = request.prompt.toStdString();
  auto plan = core::analysis::plan_run(spec, job);
  if (!plan) return std::unexpected(plan.error());
  if (request.sessionPath.isEmpty()) return core::analysis::run(spec, *plan, job);
  auto session = core::store::Session::open(request.sessionPath.toStdString(), core::store::OpenMode::ReadWrite);
  if (!session) return std::unexpected(session.error());
  auto recorded = core::store::record_run(*session, spec, *plan, job);
  if (!recorded) return std::unexpected(recorded.error());
  return recorded->result;
}

}  // namespace gui
