#include "app/gui/run_engine.h"

#include <QDir>
#include <mutex>

#include "app/gui/scratch_folder.h"
#include "core/store/execute_run.h"
#include "core/store/track_reader.h"

namespace gui {

core::store::RunOrder runOrder(const widgets::RunRequest& request) {
  core::store::RunOrder order;
  for (const QString& path : request.checkpoints()) order.maps.push_back({path.toStdString(), {}, {}});
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

namespace {

// A new file for a run made while no session is open, in a folder of the workbench's own that is
// removed when it quits; the first such run also removes the folders crashed workbenches left.
core::Result<std::filesystem::path> scratchSession() {
  static std::once_flag cleared;
  std::call_once(cleared, [] { removeAbandonedScratch(QDir::tempPath()); });
  static ScratchFolder folder(QDir::tempPath());
  return folder.newSession();
}

}  // namespace

core::Result<widgets::EngineOutcome> runEngine(const widgets::RunRequest& request, core::Job& job) {
  core::store::RunOrder order = runOrder(request);
  // The run is recorded in a session file and keeps no tracks in memory (long documents are streamed,
  // docs/ARCHITECTURE.md "Long documents"); it is shown as File > Open shows it: read back lazily, a
  // document's tracks when a view needs them. With no session open it is recorded in a scratch file
  // of its own, read the same way, and reported with run id 0 (not in any session the user has).
  const bool inSession = !order.session_path.empty();
  if (!inSession) {
    auto scratch = scratchSession();
    if (!scratch) return std::unexpected(scratch.error());
    order.session_path = *scratch;
    order.session_mode = core::store::OpenMode::CreateIfMissing;
  }
  order.record.keep_tracks = false;
  auto executed = core::store::execute_run(order, job);
  if (!executed) return std::unexpected(executed.error());
  auto lazy = core::store::read_run_lazily(order.session_path, executed->run_id);
  if (!lazy) return std::unexpected(lazy.error());
  return widgets::EngineOutcome{inSession ? executed->run_id : 0,
                                std::make_shared<const core::analysis::RunResult>(std::move(*lazy))};
}

}  // namespace gui
