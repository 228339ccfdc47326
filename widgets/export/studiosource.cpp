#include "widgets/export/studiosource.h"

#include "core/store/sample_store.h"
#include "core/store/session_file.h"
#include "core/store/zoom_store.h"

namespace widgets {

core::Result<void> loadStudioSources(const QString& sessionPath, qint64 runId, FigureSource& source) {
  namespace store = core::store;
  source.zooms.clear();
  source.samples.clear();
  if (sessionPath.isEmpty() || !source.digest || !source.digest->run) return {};
  auto session = store::SessionFile::open(sessionPath.toStdString(), store::OpenMode::ReadOnly);
  if (!session) return std::unexpected(session.error());
  store::ZoomStore zooms(*session);
  auto listed = zooms.list(runId);
  if (!listed) return std::unexpected(listed.error());
  for (const store::ZoomListing& z : *listed) {
    FigureZoomRun run{z.id, z.prompts, z.rows};
    if (source.digest->positions) {  // the ranking over the slice, from the stored per-position KL
      auto whole = zooms.load(z.id);
      if (!whole) return std::unexpected(whole.error());
      run.rows = core::analysis::zoom_rows(*whole, *source.digest->run, source.digest->positions.get());
    }
    source.zooms.push_back(std::move(run));
  }
  store::SampleStore samples(*session);
  auto sets = samples.list();
  if (!sets) return std::unexpected(sets.error());
  for (const store::SampleSetEntry& e : *sets) {
    auto set = samples.load(e.id);
    if (!set) return std::unexpected(set.error());
    source.samples.push_back(FigureSampleSet{e.id, std::make_shared<const core::analysis::SampleSet>(std::move(*set))});
  }
  return {};
}

}  // namespace widgets
