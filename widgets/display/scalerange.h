#pragma once
// widgets::ScaleRange: how far a colour scale reaches, chosen by the user in the Territory view and
// used by the token strip and its exported figure: a percentile of |value| (robust: a few extreme
// positions do not wash out the rest; 100 = the full range) taken per map (each row its own scale,
// so a gently tuned map stays readable beside a collapsed one) or shared by every row (rows
// comparable colour for colour). Remembered in QSettings under territory/. A value type; any thread
// (the settings functions: GUI thread).
#include <QList>
#include <QString>
#include <vector>

#include "widgets/display/colorscale.h"

namespace widgets {

struct ScaleRange {
  double percentile = 98;  // of |value| over the finite values; 100: the largest
  bool perMap = true;      // false: one scale over every row

  bool operator==(const ScaleRange&) const = default;
};

// The percentiles offered in the view's choice, ending with 100 (the full range).
const QList<double>& scalePercentiles();

// The scale for `values` (one row, or every row when shared) under `range`.
ColorScale rangeScale(Metric metric, const std::vector<float>& values, const ScaleRange& range, bool darkBackground);

// What the range is, for a legend or a figure: "98th pct ±2.31", "98th pct ≤ 4.20", "full range ±17.0"
// (translated).
QString scaleRangeLabel(const ScaleRange& range, const ColorScale& scale);
// The percentile alone, as the choice offers it: "98th pct", "full range".
QString percentileLabel(double percentile);

// The user's choice as remembered (the default, per map at the 98th percentile, when none is).
ScaleRange savedScaleRange();
void saveScaleRange(const ScaleRange& range);

}  // namespace widgets
