#include "widgets/display/metric.h"

#include <QCoreApplication>
#include <algorithm>
#include <cmath>

namespace widgets {

namespace analysis = core::analysis;

QString metricKey(Metric m) {
  const auto key = analysis::info(m).key;
  return QString::fromLatin1(key.data(), qsizetype(key.size()));
}

bool metricFromKey(const QString& key, Metric* out) {
  const auto metric = analysis::position_metric_from_key(key.toStdString());
  if (metric) *out = *metric;
  return metric.has_value();
}

// The table's labels are literals (null-terminated) marked for lupdate in core/analysis/fields.cpp.
QString metricLabel(Metric m) { return QCoreApplication::translate("Metric", analysis::info(m).label.data()); }
QString metricDescription(Metric m) {
  return QCoreApplication::translate("Metric", analysis::info(m).description.data());
}
bool metricIsSigned(Metric m) { return analysis::info(m).direction == analysis::Direction::Signed; }
bool metricNeedsBase(Metric m) { return analysis::info(m).needs_base; }
bool metricIsLogScaled(Metric m) { return analysis::info(m).log_scaled; }

double robustExtent(std::vector<float> values, double percentile) {
  std::erase_if(values, [](float v) { return !std::isfinite(v); });
  if (values.empty()) return 1.0;
  for (float& v : values) v = std::fabs(v);
  // Nearest rank, 1-based; the small tolerance keeps an exact product (98 · 100 / 100) from rounding up.
  const double rank = std::ceil(std::clamp(percentile, 0.0, 100.0) * double(values.size()) / 100.0 - 1e-9);
  const std::size_t k = std::size_t(std::clamp(rank, 1.0, double(values.size()))) - 1;
  std::nth_element(values.begin(), values.begin() + std::ptrdiff_t(k), values.end());
  const double e = values[k];
  return e > 0 ? e : 1.0;
}

}  // namespace widgets
