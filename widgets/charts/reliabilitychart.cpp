#include "widgets/charts/reliabilitychart.h"

#include <QChart>
#include <QLegendMarker>
#include <QLineSeries>
#include <QValueAxis>

namespace widgets {

ReliabilityChart::ReliabilityChart(const QString& title, QWidget* parent) : ChartPanel(title, parent) {
  // One line per map with its ECE: a column on the right never elides them, a row below would.
  chart()->legend()->setAlignment(Qt::AlignRight);
  rebuild();
}

void ReliabilityChart::setCurves(QList<ReliabilityCurve> curves) {
  curves_ = std::move(curves);
  rebuild();
}

void ReliabilityChart::rebuild() {
  QChart* c = chart();
  c->removeAllSeries();
  for (QAbstractAxis* axis : c->axes()) {
    c->removeAxis(axis);
    delete axis;
  }
  auto* x = new QValueAxis;
  auto* y = new QValueAxis;
  x->setTitleText(tr("Confidence (max p)"));
  y->setTitleText(tr("Accuracy (top-1 = truth)"));
  for (QValueAxis* a : {x, y}) {
    a->setRange(0, 1);
    a->setTickCount(6);
    a->setLabelFormat(QStringLiteral("%.1f"));
  }
  c->addAxis(x, Qt::AlignBottom);
  c->addAxis(y, Qt::AlignLeft);
  auto* diagonal = new QLineSeries;
  diagonal->replace(QList<QPointF>{{0, 0}, {1, 1}});
  diagonal->setPen(QPen(palette().color(QPalette::Mid), 1, Qt::DashLine));
  c->addSeries(diagonal);
  diagonal->attachAxis(x);
  diagonal->attachAxis(y);
  for (QLegendMarker* m : c->legend()->markers(diagonal)) m->setVisible(false);
  for (const ReliabilityCurve& curve : curves_) {
    auto* s = new QLineSeries;
    s->setName(tr("%1 · ECE %2").arg(curve.name).arg(curve.ece, 0, 'f', 3));
    s->replace(curve.points);
    s->setPen(QPen(curve.color, 2));
    s->setPointsVisible(true);
    c->addSeries(s);
    s->attachAxis(x);
    s->attachAxis(y);
  }
  styleChart();
}

}  // namespace widgets
