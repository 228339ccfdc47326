#pragma once
// widgets::LineageChart: one metric along the ordered checkpoints (base → SFT → RL …), a small multiple
// of the Lineage view; each point is coloured like its map elsewhere and labelled with its value.
#include <QColor>
#include <QList>
#include <QStringList>

#include "widgets/charts/chartpanel.h"

namespace widgets {

class LineageChart : public ChartPanel {
  Q_OBJECT
 public:
  explicit LineageChart(const QString& title, QWidget* parent = nullptr);
  // NaN values (not computable for this map or slice) are left out of the line.
  void setSteps(QStringList checkpoints, QList<qreal> values, QList<QColor> colors, const QString& yTitle);
  QList<qreal> values() const { return values_; }

 protected:
  void rebuild() override;

 private:
  QStringList checkpoints_;
  QList<qreal> values_;
  QList<QColor> colors_;
  QString yTitle_;
};

}  // namespace widgets
