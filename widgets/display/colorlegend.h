#pragma once
// widgets::ColorLegend: the key of one or more ColorScales: per scale a gradient bar with the values at
// both ends (and 0 for signed metrics), so a colour in a strip or scatter can be read as a number.
// With several bars (the token strip's per-map scales) each line names its map and its range
// ("98th pct ±2.31"); an arrow past a bar's end says that some values lie beyond it and are drawn
// at that end's colour. GUI thread only.
#include <QColor>
#include <QList>
#include <QWidget>

#include "widgets/display/colorscale.h"

namespace widgets {

struct LegendBar {
  QString name;    // the map (empty: a single unnamed bar)
  QColor color;    // the name's colour
  ColorScale scale;
  QString range;   // e.g. "98th pct ±2.31" (empty: none shown)
  bool clippedLow = false, clippedHigh = false;  // values beyond that end exist
};

class ColorLegend : public QWidget {
  Q_OBJECT
 public:
  explicit ColorLegend(QWidget* parent = nullptr);
  // One unnamed bar.
  void setScale(const ColorScale& scale);
  // One line per bar, top to bottom.
  void setBars(const QList<LegendBar>& bars);
  const QList<LegendBar>& bars() const { return bars_; }
  const ColorScale& scale() const { return bars_.front().scale; }
  // Off where a combo box next to the legend already names the metric.
  void setTitleVisible(bool visible);
  QSize sizeHint() const override;
  QSize minimumSizeHint() const override;

 protected:
  void paintEvent(QPaintEvent* event) override;

 private:
  struct Columns {
    int title = 0, name = 0, low = 0, high = 0, range = 0;
  };
  Columns columns() const;
  int lineHeight() const;

  QList<LegendBar> bars_{LegendBar{}};
  bool title_ = true;
};

}  // namespace widgets
