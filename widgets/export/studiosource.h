#pragma once
// widgets::loadStudioSources: the studio's stored results that its figures and the report draw from
// (figures.h: FigureSource::zooms and ::samples): the zoom runs built on one run, their rows over the
// source's slice, and every sample set of the session. Both the GUI (on a Jobs worker) and the
// headless commands read them from the session file, where the zoom and sampling jobs record them.
// Opens its own read-only connection; any thread but the GUI's (it reads the file).
#include <QString>

#include "core/error.h"
#include "widgets/export/figures.h"

namespace widgets {

// Fills source.zooms and source.samples; source.digest must be set (its run and slice).
core::Result<void> loadStudioSources(const QString& sessionPath, qint64 runId, FigureSource& source);

}  // namespace widgets
