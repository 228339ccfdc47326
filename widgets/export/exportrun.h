#pragma once
// widgets::ExportRun: everything figures and reports are made from, for one run of one session over
// one slice: the digest (with every track loaded), the provenance, and the session's saved slices
// and the annotations on the run's territory (for the report). The GUI fills it from its Session;
// the headless commands load it with loadExportRun. A value type; any thread.
#include <QList>
#include <QString>
#include <memory>

#include "core/error.h"
#include "core/jobs/job.h"
#include "widgets/export/figures.h"
#include "widgets/export/provenance.h"

namespace widgets {

struct ExportNote {
  QString document;
  qint64 start = 0, end = 0;  // token span
  QString note;
};

struct ExportRun {
  FigureSource source;
  qint64 runId = 0;
  QString sessionPath;
  Provenance provenance;
  QList<QPair<QString, QString>> slices;  // the session's saved slices: name, description
  QList<ExportNote> annotations;
};

// Opens the session read-only, loads run `runId` with every track, restricts it to the saved slice
// named `slice` (empty: every position) and digests it, with the studio's zoom runs on the run and
// the session's sample sets (studiosource.h). Unknown runs and slices are errors that
// list what the session holds.
core::Result<ExportRun> loadExportRun(const QString& sessionPath, qint64 runId, const QString& slice, core::Job& job);

}  // namespace widgets
