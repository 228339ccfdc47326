#pragma once
// widgets::Provenance: what made a figure or report — the session and run, every checkpoint with a
// short weight hash, the territory with its content hash, the slice, the prompt, the run's settings,
// the software that computed it and the Cartograph that exported it, and the date. Every export
// carries it: as a caption (optional in the image), in the sidecar JSON, as SVG/PDF/PNG document
// metadata, and as the report's manifest. A value type; any thread.
#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include "core/analysis/run_result.h"

namespace widgets {

struct Provenance {
  QString session;  // file name of the session
  qint64 runId = 0;
  QStringList maps;  // "name (role, sha256 1a2b3c4d5e6f)"
  QString territory, territoryHash;
  QString slice;     // "all positions" or "name: description"
  QString prompt;    // empty: none
  QString settings;  // "top-k 10, window 128, stride 64, batch 8, seed 1234"
  QString computedBy;  // the run's software versions
  QString exportedBy;  // "Cartograph 0.1.0"
  QDateTime date;      // of the export, UTC
  QString figure;      // what one figure adds (Figure::provenance: prompt and version, sample set); empty: nothing

  QString caption() const;      // one paragraph for under the figure
  QJsonObject toJson() const;   // the manifest
};

// `provenance` with what `figureProvenance` (a Figure's own provenance) adds.
Provenance withFigureProvenance(Provenance provenance, const QString& figureProvenance);

// `names`: the maps' display names in run order (the GUI's renames; empty = the run's own names).
Provenance makeProvenance(const core::analysis::RunResult& run, qint64 runId, const QString& sessionPath,
                          const QString& slice, const QStringList& names = {},
                          const QDateTime& date = QDateTime::currentDateTimeUtc());

}  // namespace widgets
