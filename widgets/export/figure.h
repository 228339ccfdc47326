#pragma once
// widgets::Figure: what an exported figure shows, described once and painted the same way on screen,
// into a QImage (PNG), a QSvgGenerator (SVG) or a QPdfWriter (PDF) by paintFigure (figurepainter.h).
// A figure is built from a run's stored data (figures.h), never grabbed from a widget, so it does not
// depend on the UI palette: white background, black text, the maps' colour-blind-safe colours
// (display/mapcolors.h) and the metric colour scale's light variant (display/colorscale.h).
// It carries its legend, axis titles with units, and `data`: exactly the plotted numbers, written as
// the CSV and JSON sidecars. A value type: build it on any thread, paint it on any thread.
#include <QColor>
#include <QList>
#include <QPointF>
#include <QSize>
#include <QString>
#include <QStringList>
#include <QVariant>
#include <optional>

#include "widgets/display/colorscale.h"

namespace widgets {

struct FigureSeries {
  enum class Style {
    Steps,   // a histogram: points are (bin low edge, count), bins `binWidth` wide
    Line,    // points joined, with a marker on each
    Points,  // a scatter; `pointColors` colours each point (empty: the series colour)
  };
  QString name;
  QColor color;
  Style style = Style::Line;
  QList<QPointF> points;
  double binWidth = 0;
  QList<QRgb> pointColors;
};

// Bars over named categories: one group per map (grouped side by side, or stacked).
struct FigureBarGroup {
  QString name;
  QColor color;
  QList<double> values;  // one per category; NaN leaves a gap
};

// The token strip: one row per map over a span of tokens, each cell coloured by a metric.
struct FigureStripRow {
  QString map;
  QColor color;          // the map's colour (its label's swatch)
  QList<float> values;   // one per token; NaN: does not apply (grey)
  // This row's own colour scale (per-map ranges), else the panel's; `range` names it beside the map
  // ("98th pct ±2.31"). A value beyond the scale's range gets the end colour and a notch in its cell.
  std::optional<ColorScale> scale;
  QString range;
};

struct FigurePanel {
  enum class Kind { Xy, Bars, Strip };
  Kind kind = Kind::Xy;
  QString title, xTitle, yTitle;
  // Xy
  QList<FigureSeries> series;
  double xMin = 0, xMax = 1, yMin = 0, yMax = 1;
  bool diagonal = false;  // the y = x reference (a perfectly calibrated map)
  // Bars
  QStringList categories;
  QList<FigureBarGroup> groups;
  bool stacked = false;
  QList<QColor> categoryColors;  // one group coloured per category (lineage small multiples)
  // Strip
  QStringList tokens;
  QList<FigureStripRow> rows;
  ColorScale scale;
};

struct FigureLegendEntry {
  enum class Shape { Line, Box, Dot, Dashed };  // Dashed: a reference line, not a series
  QString label;
  QColor color;
  Shape shape = Shape::Box;
};

// The plotted numbers, one row per bin, point, bar or cell (the sidecars).
struct FigureTable {
  QStringList columns;
  QList<QVariantList> rows;
};

struct Figure {
  QString name;   // the catalogue's name: "reliability", "delta-nll", ... (figures.h)
  QString title;
  QList<FigurePanel> panels;
  int columns = 1;  // panels per row
  QList<FigureLegendEntry> legend;
  std::optional<ColorScale> colorBar;  // with its metric's label as title
  QString colorBarTitle;
  FigureTable data;
  QSize size{860, 520};  // logical pixels at 96 dpi (PNG scales by dpi / 96; PDF pages are size * 0.75 pt)
  // What this figure shows beyond the run's provenance (the studio's figures: the prompt and its
  // version, the zoom run, the sample set's seed and settings); added to the caption and metadata.
  QString provenance;
};

}  // namespace widgets
