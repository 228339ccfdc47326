#pragma once
// The studio's sampling work, run on a JobsModel worker (never the GUI thread): load the maps,
// sample them side by side, cross-score (core/analysis/sampler.h) and store the set in the session
// file (core/store/sample_store.h); and reading stored sets back without recomputing. Plain values in,
// immutable values out; no widgets. Any thread; each call opens its own session connection.
#include <QString>
#include <QStringList>
#include <memory>
#include <vector>

#include "core/analysis/sample_set.h"
#include "core/error.h"
#include "core/jobs/job.h"
#include "core/store/sample_store.h"

namespace widgets {

struct SampleRequest {
  QString sessionPath;  // where the set is stored; empty = kept in memory only
  QString baseName, basePath;
  QStringList tunedNames, tunedPaths;  // in lineage order
  core::analysis::SampleSettings settings;
};

struct StoredSampleSet {
  qint64 id = 0;  // the session's id; 0 when not stored
  std::shared_ptr<const core::analysis::SampleSet> set;
};

core::Result<StoredSampleSet> runSampleRequest(const SampleRequest& request, core::Job& job);
core::Result<std::vector<core::store::SampleSetEntry>> listSampleSets(const QString& sessionPath);
core::Result<StoredSampleSet> loadSampleSet(const QString& sessionPath, qint64 id);
// Deletes stored set `id` from the session file (its columns go with it); NotFound when it is not there.
core::Result<void> deleteSampleSet(const QString& sessionPath, qint64 id);

}  // namespace widgets
