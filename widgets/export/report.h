#pragma once
// The run report: one self-contained HTML file (every figure inline as SVG, the summary table,
// calibration, the zoom ranking, the provenance manifest, the session's slices and the territory's
// annotations) or a Markdown variant whose figures (SVG, with their CSV/JSON sidecars) go to a folder
// beside it, `<report name>_figures/`. Chosen by the file's extension (.html/.htm or .md). Written
// through QSaveFile like every export; an existing report (or figure folder) needs `overwrite`.
// Any thread.
#include <QString>
#include <QStringList>

#include "core/error.h"
#include "widgets/export/exportrun.h"

namespace widgets {

enum class ReportFormat { Html, Markdown };
// From the extension; an error naming the accepted ones otherwise.
core::Result<ReportFormat> reportFormatFor(const QString& path);

// The report's text (HTML or Markdown; Markdown links figures as `<folder>/<name>.svg`).
QString reportText(const ExportRun& run, ReportFormat format, const QString& figureFolder = {});

// Writes the report (and for Markdown its figure folder); returns every file written.
core::Result<QStringList> writeReport(const ExportRun& run, const QString& path, bool overwrite);

}  // namespace widgets
