#include "widgets/charts/lineagechart.h"

#include <QCategoryAxis>
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
  QList<int> depths;
  QList<int> chain;
  for (int i = 0; i < checkpoints.size(); ++i) depths << i, chain << i;
  setTree(std::move(checkpoints), std::move(values), std::move(colors), depths, {chain}, yTitle);
}

void LineageChart::setTree(QStringList checkpoints, QList<qreal> values, QList<QColor> colors, QList<int> depths,
                           QList<QList<int>> branches, const QString& yTitle, QList<double> lanes) {
  // Each generation's maps in lane order, spread by up to ±0.3 of a generation around it.
  x_.clear();
  for (int i = 0; i < depths.size(); ++i) {
    QList<std::pair<double, int>> siblings;
    for (int j = 0; j < depths.size(); ++j)
      if (depths[j] == depths[i]) siblings << std::pair(j < lanes.size() ? lanes[j] : double(j), j);
    std::sort(siblings.begin(), siblings.end());
    const auto rank = std::find_if(siblings.begin(), siblings.end(), [i](const auto& s) { return s.second == i; }) - siblings.begin();
    const double step = siblings.size() > 1 ? std::min(0.4, 0.6 / double(siblings.size() - 1)) : 0;
    x_ << depths[i] + step * (double(rank) - double(siblings.size() - 1) / 2);
  }
  checkpoints_ = std::move(checkpoints);
  values_ = std::move(values);
  colors_ = std::move(colors);
  depths_ = std::move(depths);
  branches_ = std::move(branches);
  yTitle_ = yTitle;
  rebuild();
}

double LineageChart::xOf(int i) const { return i >= 0 && i < x_.size() ? x_[i] : double(depths_.value(i)); }

void LineageChart::rebuild() {
  QChart* c = chart();
  c->removeAllSeries();
  for (QAbstractAxis* axis : c->axes()) {
    c->removeAxis(axis);
    delete axis;
  }
  int generations = 1;
  for (int d : depths_) generations = std::max(generations, d + 1);
  // Generations as categories at 0, 1, 2 …, named by the checkpoints of that generation.
  auto* x = new QCategoryAxis;
  x->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
  for (int g = 0; g < generations; ++g) {
    QStringList names;
    for (int i = 0; i < checkpoints_.size() && i < depths_.size(); ++i)
      if (depths_[i] == g) names << checkpoints_[i];
    x->append(names.join(QStringLiteral(" | ")) + QString(g, QChar(0x200B)), g);  // unique labels per generation
  }
  x->setRange(-0.4, generations - 0.6);
  auto* y = new QValueAxis;
  y->setTitleText(yTitle_);
  c->addAxis(x, Qt::AlignBottom);
  c->addAxis(y, Qt::AlignLeft);
  double lo = 0, hi = 0;
  bool any = false;
  const auto valueAt = [this](int i) { return i >= 0 && i < values_.size() ? values_[i] : qQNaN(); };
  lines_.clear();
  for (const QList<int>& branch : branches_) {
    auto* line = new QLineSeries;
    line->setPen(QPen(palette().color(QPalette::Mid), 2));
    QList<QPointF> points;
    for (int i : branch) {
      if (i < 0 || i >= depths_.size() || !std::isfinite(valueAt(i))) continue;
      const double v = rounded(valueAt(i));
      points << QPointF(xOf(i), v);
      lo = any ? std::min(lo, v) : v;
      hi = any ? std::max(hi, v) : v;
      any = true;
    }
    lines_ << points;
    line->replace(points);
    c->addSeries(line);
    line->attachAxis(x);
    line->attachAxis(y);
  }
  for (int i = 0; i < values_.size() && i < depths_.size(); ++i) {
    if (!std::isfinite(values_[i])) continue;
    // One dot per checkpoint (a parent shared by two branches is drawn once), labelled with its value.
    auto* dot = new QScatterSeries;
    dot->setMarkerSize(11);
    dot->setColor(i < colors_.size() ? colors_[i] : palette().color(QPalette::Highlight));
    dot->setBorderColor(palette().color(QPalette::Base));
    dot->append(QPointF(xOf(i), rounded(values_[i])));
    dot->setPointLabelsVisible(true);
    dot->setPointLabelsFormat(QStringLiteral("@yPoint"));
    dot->setPointLabelsColor(palette().color(QPalette::WindowText));
    dot->setPointLabelsClipping(false);
    c->addSeries(dot);
    dot->attachAxis(x);
    dot->attachAxis(y);
  }
  const double pad = hi > lo ? 0.2 * (hi - lo) : std::max(0.1, 0.2 * std::fabs(hi));
  setNiceRange(y, lo - pad, hi + pad, 4);
  styleChart();
  QFont small = font();
  small.setPointSizeF(std::max(6.0, font().pointSizeF() - 1));
  x->setLabelsFont(small);  // checkpoint names are long; a generation is narrow
}

}  // namespace widgets
