#include "widgets/charts/lineagechart.h"

#include <QBarCategoryAxis>
#include <QChart>
#include <QLegend>
#include <QLineSeries>
#include <QScatterSeries>
#include <QValueAxis>
#include <algorithm>
#include <cmath>

#include "widgets/charts/niceaxis.h"

namespace widgets {
namespace {

// Three significant digits: what the point labels show (Qt Charts prints labels with %g).
double rounded(double v) {
  if (v == 0 || !std::isfinite(v)) return v;
  const double mag = std::pow(10.0, std::floor(std::log10(std::fabs(v))) - 2);
  return std::round(v / mag) * mag;
}

}  // namespace

LineageChart::LineageChart(const QString& title, QWidget* parent) : ChartPanel(title, parent) {
  chart()->legend()->hide();
  rebuild();
}

void LineageChart::setSteps(QStringList checkpoints, QList<qreal> values, QList<QColor> colors, const QString& yTitle) {
  checkpoints_ = std::move(checkpoints);
  values_ = std::move(values);
  colors_ = std::move(colors);
  yTitle_ = yTitle;
  rebuild();
}

void LineageChart::rebuild() {
  QChart* c = chart();
  c->removeAllSeries();
  for (QAbstractAxis* axis : c->axes()) {
    c->removeAxis(axis);
    delete axis;
  }
  auto* x = new QBarCategoryAxis;
  x->append(checkpoints_);
  auto* y = new QValueAxis;
  y->setTitleText(yTitle_);
  c->addAxis(x, Qt::AlignBottom);
  c->addAxis(y, Qt::AlignLeft);
  auto* line = new QLineSeries;
  line->setPen(QPen(palette().color(QPalette::Mid), 2));
  QList<QPointF> points;
  double lo = 0, hi = 0;
  bool any = false;
  for (int i = 0; i < values_.size(); ++i) {
    if (!std::isfinite(values_[i])) continue;
    const double v = rounded(values_[i]);
    points << QPointF(i, v);
    lo = any ? std::min(lo, v) : v;
    hi = any ? std::max(hi, v) : v;
    any = true;
  }
  line->replace(points);
  line->setPointLabelsVisible(true);
  line->setPointLabelsFormat(QStringLiteral("@yPoint"));
  line->setPointLabelsColor(palette().color(QPalette::WindowText));
  line->setPointLabelsClipping(false);
  c->addSeries(line);
  line->attachAxis(x);
  line->attachAxis(y);
  for (const QPointF& p : points) {
    auto* dot = new QScatterSeries;
    dot->setMarkerSize(11);
    const int i = int(p.x());
    dot->setColor(i < colors_.size() ? colors_[i] : palette().color(QPalette::Highlight));
    dot->setBorderColor(palette().color(QPalette::Base));
    dot->append(p);
    c->addSeries(dot);
    dot->attachAxis(x);
    dot->attachAxis(y);
  }
  const double pad = hi > lo ? 0.2 * (hi - lo) : std::max(0.1, 0.2 * std::fabs(hi));
  setNiceRange(y, lo - pad, hi + pad, 4);
  styleChart();
  QFont small = font();
  small.setPointSizeF(std::max(6.0, font().pointSizeF() - 1));
  x->setLabelsFont(small);  // checkpoint names are long; a category is narrow
}

}  // namespace widgets
