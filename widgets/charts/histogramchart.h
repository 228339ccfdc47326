#pragma once
// widgets::HistogramChart: distributions of a per-position metric, one outline per map, overlaid on a
// shared range and normalised to the share of positions (so maps of any size compare).
#include <QColor>
#include <QList>
#include <vector>

#include "widgets/charts/chartpanel.h"

namespace widgets {

struct HistogramSeries {
  QString name;
  QColor color;
  double lo = 0, hi = 1;
  std::vector<std::int64_t> counts;
};

class HistogramChart : public ChartPanel {
  Q_OBJECT
 public:
  explicit HistogramChart(const QString& title, QWidget* parent = nullptr);
  // `markZero`: draw a dashed line at 0 (for signed metrics such as Δ NLL).
  void setHistograms(QList<HistogramSeries> series, const QString& xTitle, bool markZero);

 protected:
  void rebuild() override;

 private:
  QList<HistogramSeries> series_;
  QString xTitle_;
  bool markZero_ = false;
};

}  // namespace widgets
