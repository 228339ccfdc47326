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

#include "core/error.h"
#include "widgets/export/figure.h"
#include "widgets/overview/rundigest.h"

namespace widgets {

struct FigureKind {
  QString name;         // "reliability", "delta-nll", ...
  QString description;  // one line for --list and the dialog
};
// Every figure, in the order the report shows them.
const QList<FigureKind>& figureKinds();
QStringList figureNames();

// What the figures are drawn from.
struct FigureSource {
  std::shared_ptr<const RunDigest> digest;  // its run has every track loaded
  QStringList mapNames;                     // display names in run order (empty: the run's own)
  std::vector<int> order;                   // the lineage order maps are drawn in (empty: run order)
  core::analysis::QuadrantThresholds thresholds;
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
};

// The figure `name` of the source; an unknown name is an InvalidInput error listing the names.
core::Result<Figure> buildFigure(const QString& name, const FigureSource& source, const FigureOptions& options = {});

// Builders of the figures over tokens (tokenfigures.cpp).
core::Result<Figure> buildStripFigure(const FigureSource& source, const FigureOptions& options);
core::Result<Figure> buildMapFigure(const FigureSource& source, const FigureOptions& options);
core::Result<Figure> buildTopKFigure(const FigureSource& source, const FigureOptions& options);

// Shared by the builders.
QString figureMapName(const FigureSource& source, int map);
std::vector<int> figureOrder(const FigureSource& source);

}  // namespace widgets
