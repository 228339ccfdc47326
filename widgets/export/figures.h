#pragma once
// widgets figures: the catalogue of exportable figures and their builders. Each builder turns a run's
// stored data (its digest over the current slice, core/analysis/digest.h, and its tracks) into a
// Figure (figure.h) with legend, axis titles and units, and the plotted numbers as its data table.
// The same names serve File → Export Figure…, `cartograph export-figure --figure NAME` and the report.
// Pure functions of immutable inputs; any thread.
#include <QList>
#include <QString>
#include <QStringList>
#include <memory>
#include <vector>

#include "core/analysis/sample_set.h"
#include "core/analysis/zoom_run.h"
#include "core/error.h"
#include "core/jobs/job.h"
#include "widgets/export/figure.h"
#include "widgets/overview/rundigest.h"

namespace widgets {

struct FigureKind {
  QString name;         // "reliability", "delta-nll", ...
  QString description;  // one line for --list and the dialog
  // Drawn from the studio's stored results (zoom runs, sample sets) or the maps' files rather than
  // the run alone: a session without them gets an error that says what to make first.
  bool studio = false;
  // The FigureOptions it reads, by their command-line names ("document", "position", "metric", ...):
  // what the export dialog offers and --list prints.
  QStringList options = {};
};
// Every figure, in the order the report shows them.
const QList<FigureKind>& figureKinds();
QStringList figureNames();

// A zoom run on the source run (core/store/zoom_store.h), its rows over the source's slice.
struct FigureZoomRun {
  qint64 id = 0;
  std::vector<core::analysis::ZoomPrompt> prompts;  // with their prompt_versions ids
  std::vector<core::analysis::ZoomRow> rows;        // prompt-major
};

// A sample set stored in the session (core/store/sample_store.h).
struct FigureSampleSet {
  qint64 id = 0;
  std::shared_ptr<const core::analysis::SampleSet> set;
};

// What the figures are drawn from.
struct FigureSource {
  std::shared_ptr<const RunDigest> digest;  // its run has every track loaded
  QStringList mapNames;                     // display names in run order (empty: the run's own)
  std::vector<int> order;                   // the lineage order maps are drawn in (empty: run order)
  core::analysis::QuadrantThresholds thresholds;
  // The studio's results (studiosource.h); empty until loaded.
  std::vector<FigureZoomRun> zooms;        // this run's zoom runs, oldest first
  std::vector<FigureSampleSet> samples;    // the session's sample sets, newest first
};

// Choices of the figures that show part of a run; -1 / empty = the default stated per field.
struct FigureOptions {
  int document = -1;  // strip, topk: the document (default: where the first tuned map's KL peaks)
  int start = -1;     // strip: first scored position (default: 16 positions before the KL peak)
  int length = 40;    // strip: positions shown
  int position = -1;  // topk: the scored position (default: the KL peak)
  QString metric;     // strip, map: a position metric key (default "nll")
  int map = 0;        // map: whose metric colours the points
  QString field;      // metadata: the metadata field (default: the first)
  qint64 zoom = 0;       // zoom-ranking, zoom-token: the zoom run's id (default: the newest on the run)
  int prompt = -1;       // zoom-token: the zoom run's prompt, from 0 (default: the one recovering most)
  qint64 sampleSet = 0;  // samples: the sample set's id (default: the newest)
  // strip: the colour range, as the Territory view chooses it (display/scalerange.h): this percentile
  // of |value| (100 = the full range), per map (each row its own scale) or shared by every row.
  double scalePercentile = 98;
  bool scalePerMap = true;
};

// The figure `name` of the source; an unknown name is an InvalidInput error listing the names.
core::Result<Figure> buildFigure(const QString& name, const FigureSource& source, const FigureOptions& options = {},
                                 core::Job& job = core::Job::silent());

// Builders of the figures over tokens (tokenfigures.cpp).
core::Result<Figure> buildStripFigure(const FigureSource& source, const FigureOptions& options);
core::Result<Figure> buildMapFigure(const FigureSource& source, const FigureOptions& options);
core::Result<Figure> buildTopKFigure(const FigureSource& source, const FigureOptions& options);
// Builders of the studio's figures (studiofigures.cpp). zoom-token loads the run's maps from their
// files (core::analysis::TokenZoomer), so it takes seconds and runs on a worker.
core::Result<Figure> buildZoomRankingFigure(const FigureSource& source, const FigureOptions& options);
core::Result<Figure> buildZoomTokenFigure(const FigureSource& source, const FigureOptions& options, core::Job& job);
core::Result<Figure> buildSamplesFigure(const FigureSource& source, const FigureOptions& options);

// Shared by the builders.
QString figureMapName(const FigureSource& source, int map);
std::vector<int> figureOrder(const FigureSource& source);
// Where the first tuned map moved furthest from the base (KL(base ‖ map)): {document, scored position}.
std::pair<int, int> figureKlPeak(const core::analysis::RunResult& run);

}  // namespace widgets
