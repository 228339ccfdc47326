#include "widgets/display/scalerange.h"

#include <QCoreApplication>
#include <QSettings>
#include <algorithm>

#include "widgets/display/format.h"

namespace widgets {
namespace {

struct ScaleRangeText {
  Q_DECLARE_TR_FUNCTIONS(ScaleRangeText)
};

const QString kPercentileKey = QStringLiteral("territory/scalePercentile");
const QString kPerMapKey = QStringLiteral("territory/scalePerMap");

}  // namespace

const QList<double>& scalePercentiles() {
  static const QList<double> percentiles = {90, 95, 98, 99, 100};
  return percentiles;
}

ColorScale rangeScale(Metric metric, const std::vector<float>& values, const ScaleRange& range, bool darkBackground) {
  return ColorScale(metric, robustExtent(values, range.percentile), darkBackground);
}

QString percentileLabel(double percentile) {
  if (percentile >= 100) return ScaleRangeText::tr("full range");
  return ScaleRangeText::tr("%1th pct").arg(percentile);
}

QString scaleRangeLabel(const ScaleRange& range, const ColorScale& scale) {
  const QString extent = formatValue(scale.high());
  return scale.isSigned() ? ScaleRangeText::tr("%1 ±%2").arg(percentileLabel(range.percentile), extent)
                          : ScaleRangeText::tr("%1 ≤ %2").arg(percentileLabel(range.percentile), extent);
}

ScaleRange savedScaleRange() {
  const QSettings settings;
  ScaleRange range;
  const double p = settings.value(kPercentileKey, range.percentile).toDouble();
  // Only what the choice offers: a hand-edited or stale value falls back to the default.
  if (scalePercentiles().contains(p)) range.percentile = p;
  range.perMap = settings.value(kPerMapKey, range.perMap).toBool();
  return range;
}

void saveScaleRange(const ScaleRange& range) {
  QSettings settings;
  settings.setValue(kPercentileKey, range.percentile);
  settings.setValue(kPerMapKey, range.perMap);
}

}  // namespace widgets
