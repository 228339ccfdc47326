#include "widgets/display/colorlegend.h"

#include <QPainter>
#include <cmath>

#include "widgets/display/format.h"

namespace widgets {

ColorLegend::ColorLegend(QWidget* parent) : QWidget(parent) {
  setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
  setToolTip(tr("Colour key of the chosen metric"));
}

void ColorLegend::setScale(const ColorScale& scale) {
  scale_ = scale;
  setToolTip(metricDescription(scale.metric()));
  updateGeometry();
  update();
}

void ColorLegend::setTitleVisible(bool visible) {
  title_ = visible;
  updateGeometry();
  update();
}

QSize ColorLegend::sizeHint() const {
  const QFontMetrics fm(font());
  return {fm.horizontalAdvance(metricLabel(scale_.metric())) + 320, fm.height() + 6};
}

QSize ColorLegend::minimumSizeHint() const {
  const QFontMetrics fm(font());
  return {fm.horizontalAdvance(metricLabel(scale_.metric())) + 180, fm.height() + 6};
}

void ColorLegend::paintEvent(QPaintEvent*) {
  QPainter p(this);
  const QFontMetrics fm(font());
  const QString title = title_ ? metricLabel(scale_.metric()) : QString();
  const int h = height();
  p.setPen(palette().color(QPalette::WindowText));
  p.drawText(QRect(0, 0, fm.horizontalAdvance(title) + 8, h), Qt::AlignVCenter | Qt::AlignLeft, title);
  const QString lo = formatValue(scale_.low());
  const QString hi = formatValue(scale_.high());
  int x = title_ ? fm.horizontalAdvance(title) + 12 : 0;
  p.drawText(QRect(x, 0, fm.horizontalAdvance(lo) + 4, h), Qt::AlignVCenter | Qt::AlignLeft, lo);
  x += fm.horizontalAdvance(lo) + 6;
  const int barW = std::max(40, width() - x - fm.horizontalAdvance(hi) - 10);
  const QRect bar(x, (h - 12) / 2, barW, 12);
  for (int i = 0; i < bar.width(); ++i) {
    const double f = (i + 0.5) / bar.width();
    p.setPen(QColor::fromRgb(scale_.color(float(scale_.valueAt(f)))));
    p.drawLine(bar.left() + i, bar.top(), bar.left() + i, bar.bottom());
  }
  p.setPen(palette().color(QPalette::Mid));
  p.drawRect(bar.adjusted(0, 0, -1, -1));
  if (scale_.isSigned()) {
    const int zx = bar.left() + bar.width() / 2;
    p.setPen(palette().color(QPalette::WindowText));
    p.drawLine(zx, bar.top() - 2, zx, bar.bottom() + 2);
  }
  p.setPen(palette().color(QPalette::WindowText));
  p.drawText(QRect(bar.right() + 6, 0, width() - bar.right() - 6, h), Qt::AlignVCenter | Qt::AlignLeft, hi);
}

}  // namespace widgets
