#include "widgets/studio/samplejob.h"

#include "core/analysis/sampler.h"
#include "core/model/checkpoint.h"
#include "core/store/session_file.h"
#include "core/threads.h"

#include <QThread>

namespace widgets {

core::Result<StoredSampleSet> runSampleRequest(const SampleRequest& request, core::Job& job) {
  // Decoding feeds one token a step, which gains little from many threads; one core is left to the
  // GUI thread so the event loop stays responsive (docs/ARCHITECTURE.md, "Threads").
  const core::ThreadLimit limit(std::max(1, QThread::idealThreadCount() - 1));
  core::model::LoadOptions options;
  options.hash_weights = false;  // the session already knows the maps; sampling needs only the weights
  const auto load = [&](const QString& path) { return core::model::load_checkpoint(path.toStdString(), options, job); };
  auto base = load(request.basePath);
  if (!base) return std::unexpected(base.error());
  std::vector<core::model::Checkpoint> tuned;
  tuned.reserve(std::size_t(request.tunedPaths.size()));
  for (const QString& path : request.tunedPaths) {
    auto t = load(path);
    if (!t) return std::unexpected(t.error());
    tuned.push_back(std::move(*t));
  }
  std::vector<core::analysis::NamedCheckpoint> named;
  for (std::size_t i = 0; i < tuned.size(); ++i) named.push_back({request.tunedNames.value(int(i)).toStdString(), &tuned[i]});
  auto set = core::analysis::sample_side_by_side({request.baseName.toStdString(), &*base}, named, request.settings, job);
  if (!set) return std::unexpected(set.error());
  StoredSampleSet out;
  if (!request.sessionPath.isEmpty()) {
    auto session = core::store::SessionFile::open(request.sessionPath.toStdString());
    if (!session) return std::unexpected(session.error());
    auto id = core::store::SampleStore(*session).save(*set);
    if (!id) return std::unexpected(id.error());
    out.id = *id;
  }
  out.set = std::make_shared<const core::analysis::SampleSet>(std::move(*set));
  return out;
}

core::Result<std::vector<core::store::SampleSetEntry>> listSampleSets(const QString& sessionPath) {
  auto session = core::store::SessionFile::open(sessionPath.toStdString(), core::store::OpenMode::ReadOnly);
  if (!session) return std::unexpected(session.error());
  return core::store::SampleStore(*session).list();
}

core::Result<StoredSampleSet> loadSampleSet(const QString& sessionPath, qint64 id) {
  auto session = core::store::SessionFile::open(sessionPath.toStdString(), core::store::OpenMode::ReadOnly);
  if (!session) return std::unexpected(session.error());
  auto set = core::store::SampleStore(*session).load(id);
  if (!set) return std::unexpected(set.error());
  return StoredSampleSet{id, std::make_shared<const core::analysis::SampleSet>(std::move(*set))};
}

core::Result<void> deleteSampleSet(const QString& sessionPath, qint64 id) {
  auto session = core::store::SessionFile::open(sessionPath.toStdString());
  if (!session) return std::unexpected(session.error());
  return core::store::SampleStore(*session).remove(id);
}

}  // namespace widgets
