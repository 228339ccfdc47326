#include "widgets/charts/histogramchart.h"

#include <QChart>
#include <QLegendMarker>
#include <QLineSeries>
#include <QValueAxis>
#include <algorithm>

#include "widgets/charts/niceaxis.h"

namespace widgets {

HistogramChart::HistogramChart(const QString& title, QWidget* parent) : ChartPanel(title, parent) { rebuild(); }

void HistogramChart::setHistograms(QList<HistogramSeries> series, const QString& xTitle, bool markZero) {
  series_ = std::move(series);
  xTitle_ = xTitle;
  markZero_ = markZero;
  rebuild();
}

void HistogramChart::rebuild() {
  QChart* c = chart();
  c->removeAllSeries();
  for (QAbstractAxis* axis : c->axes()) {
    c->removeAxis(axis);
    delete axis;
  }
  auto* x = new QValueAxis;
  auto* y = new QValueAxis;
  x->setTitleText(xTitle_);
  y->setTitleText(tr("% of positions"));
  c->addAxis(x, Qt::AlignBottom);
  c->addAxis(y, Qt::AlignLeft);
  double lo = 0, hi = 1, top = 1;
  bool first = true;
  for (const HistogramSeries& h : series_) {
    std::int64_t total = 0;
    for (auto n : h.counts) total += n;
    if (h.counts.empty() || total == 0) continue;
    if (first) {
      lo = h.lo;
      hi = h.hi;
      first = false;
    }
    lo = std::min(lo, h.lo);
    hi = std::max(hi, h.hi);
    const double w = (h.hi - h.lo) / double(h.counts.size());
    QList<QPointF> points;
    points.reserve(qsizetype(2 * h.counts.size() + 2));
    points << QPointF(h.lo, 0);
    for (std::size_t i = 0; i < h.counts.size(); ++i) {
      const double share = 100.0 * double(h.counts[i]) / double(total);
      top = std::max(top, share);
      points << QPointF(h.lo + double(i) * w, share) << QPointF(h.lo + double(i + 1) * w, share);
    }
    points << QPointF(h.hi, 0);
    auto* s = new QLineSeries;
    s->setName(h.name);
    s->replace(points);
    s->setPen(QPen(h.color, 2));
    c->addSeries(s);
    s->attachAxis(x);
    s->attachAxis(y);
  }
  setNiceRange(x, lo, hi, 6);
  setNiceRange(y, 0, top * 1.05, 5);
  if (markZero_ && lo < 0 && hi > 0) {
    auto* zero = new QLineSeries;
    zero->replace(QList<QPointF>{{0, 0}, {0, y->max()}});
    zero->setPen(QPen(palette().color(QPalette::WindowText), 1, Qt::DashLine));
    c->addSeries(zero);
    zero->attachAxis(x);
    zero->attachAxis(y);
    for (QLegendMarker* m : c->legend()->markers(zero)) m->setVisible(false);
  }
  styleChart();
}

}  // namespace widgets
