#include "widgets/charts/barchart.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QStackedBarSeries>
#include <QValueAxis>
#include <algorithm>
#include <cmath>

#include "widgets/charts/niceaxis.h"

namespace widgets {

BarChart::BarChart(const QString& title, QWidget* parent) : ChartPanel(title, parent) { rebuild(); }

void BarChart::setBars(QStringList categories, QList<BarGroup> groups, const QString& yTitle, bool stacked,
                       const QString& labelFormat) {
  categories_ = std::move(categories);
  groups_ = std::move(groups);
  yTitle_ = yTitle;
  stacked_ = stacked;
  labelFormat_ = labelFormat;
  rebuild();
}

void BarChart::rebuild() {
  QChart* c = chart();
  c->removeAllSeries();
  for (QAbstractAxis* axis : c->axes()) {
    c->removeAxis(axis);
    delete axis;
  }
  QAbstractBarSeries* series = stacked_ ? static_cast<QAbstractBarSeries*>(new QStackedBarSeries)
                                        : static_cast<QAbstractBarSeries*>(new QBarSeries);
  double lo = 0, hi = 0;
  std::vector<double> stackTop(std::size_t(categories_.size()), 0.0);
  for (const BarGroup& g : groups_) {
    auto* set = new QBarSet(g.name);
    set->setColor(g.color);
    set->setBorderColor(g.color.darker(130));
    set->append(g.values);
    series->append(set);
    for (int i = 0; i < g.values.size(); ++i) {
      lo = std::min(lo, g.values[i]);
      hi = std::max(hi, g.values[i]);
      if (i < int(stackTop.size())) stackTop[std::size_t(i)] += g.values[i];
    }
  }
  if (stacked_)
    for (double t : stackTop) hi = std::max(hi, t);
  if (!labelFormat_.isEmpty()) {
    series->setLabelsVisible(true);
    series->setLabelsFormat(labelFormat_);
    series->setLabelsPosition(stacked_ ? QAbstractBarSeries::LabelsCenter : QAbstractBarSeries::LabelsOutsideEnd);
  }
  c->addSeries(series);
  auto* x = new QBarCategoryAxis;
  x->append(categories_);
  auto* y = new QValueAxis;
  y->setTitleText(yTitle_);
  // Stacked shares end at their total (100 %); side-by-side bars get room for their labels.
  // (rounded: shares of rounded percentages add up to 99.9 or 100.1).
  setNiceRange(y, lo < 0 ? lo * 1.1 : 0, hi > 0 ? (stacked_ ? std::round(hi) : hi * 1.12) : 1, 5);
  c->addAxis(x, Qt::AlignBottom);
  c->addAxis(y, Qt::AlignLeft);
  series->attachAxis(x);
  series->attachAxis(y);
  if (!labelFormat_.isEmpty()) {
    for (QBarSet* set : series->barSets()) set->setLabelColor(stacked_ ? QColor(Qt::white) : palette().color(QPalette::WindowText));
  }
  styleChart();
}

}  // namespace widgets
