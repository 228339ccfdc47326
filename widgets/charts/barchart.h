#pragma once
// widgets::BarChart: grouped (or stacked) bars, one set per map, over named categories: per-slice means
// of a metric, fidelity quadrant shares.
#include <QColor>
#include <QList>
#include <QStringList>

#include "widgets/charts/chartpanel.h"

namespace widgets {

struct BarGroup {
  QString name;
  QColor color;
  QList<qreal> values;  // one per category
};

class BarChart : public ChartPanel {
  Q_OBJECT
 public:
  explicit BarChart(const QString& title, QWidget* parent = nullptr);
  // `labelFormat`: printf-style value labels on the bars (empty: none).
  void setBars(QStringList categories, QList<BarGroup> groups, const QString& yTitle, bool stacked = false,
               const QString& labelFormat = {});

 protected:
  void rebuild() override;

 private:
  QStringList categories_;
  QList<BarGroup> groups_;
  QString yTitle_, labelFormat_;
  bool stacked_ = false;
};

}  // namespace widgets
