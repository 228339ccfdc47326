#pragma once
// widgets::ReliabilityChart: reliability diagrams of several maps overlaid: accuracy against confidence
// per calibration bin, the diagonal of perfect calibration, and each map's ECE in the legend.
#include <QColor>
#include <QList>
#include <QPointF>

#include "widgets/charts/chartpanel.h"

namespace widgets {

struct ReliabilityCurve {
  QString name;
  QColor color;
  QList<QPointF> points;  // (mean confidence, accuracy) of every non-empty bin
  double ece = 0;
};

class ReliabilityChart : public ChartPanel {
  Q_OBJECT
 public:
  explicit ReliabilityChart(const QString& title, QWidget* parent = nullptr);
  void setCurves(QList<ReliabilityCurve> curves);

 protected:
  void rebuild() override;

 private:
  QList<ReliabilityCurve> curves_;
};

}  // namespace widgets
