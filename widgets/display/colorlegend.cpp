#include "widgets/display/colorlegend.h"

#include <QPainter>
#include <algorithm>
#include <cmath>

#include "widgets/display/format.h"

namespace widgets {
namespace {

constexpr int kArrow = 8;      // room past each end of a bar for its clipping arrow
constexpr int kMaxName = 160;  // a longer name (a zoom row's prompt) is elided; its tooltip in the strip has it whole

}  // namespace

ColorLegend::ColorLegend(QWidget* parent) : QWidget(parent) {
  setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
  setToolTip(tr("Colour key of the chosen metric"));
}

void ColorLegend::setScale(const ColorScale& scale) { setBars({LegendBar{{}, {}, scale, {}, false, false}}); }

void ColorLegend::setBars(const QList<LegendBar>& bars) {
  bars_ = bars.isEmpty() ? QList<LegendBar>{LegendBar{}} : bars;
  QString tip = metricDescription(scale().metric());
  if (std::any_of(bars_.begin(), bars_.end(), [](const LegendBar& b) { return b.clippedLow || b.clippedHigh; }))
    tip += QLatin1Char('\n') + tr("An arrow past a bar's end: some values lie beyond the range and are drawn at that end's colour.");
  setToolTip(tip);
  updateGeometry();
  update();
}

void ColorLegend::setTitleVisible(bool visible) {
  title_ = visible;
  updateGeometry();
  update();
}

int ColorLegend::lineHeight() const { return QFontMetrics(font()).height() + 6; }

// Widths of the text columns, the same on every line so the bars line up.
ColorLegend::Columns ColorLegend::columns() const {
  const QFontMetrics fm(font());
  Columns c;
  if (title_) c.title = fm.horizontalAdvance(metricLabel(scale().metric())) + 12;
  for (const LegendBar& b : bars_) {
    if (!b.name.isEmpty()) c.name = std::max(c.name, std::min(fm.horizontalAdvance(b.name), kMaxName) + 10);
    c.low = std::max(c.low, fm.horizontalAdvance(formatValue(b.scale.low())) + 6);
    c.high = std::max(c.high, fm.horizontalAdvance(formatValue(b.scale.high())) + 6);
    if (!b.range.isEmpty()) c.range = std::max(c.range, fm.horizontalAdvance(b.range) + 12);
  }
  return c;
}

QSize ColorLegend::sizeHint() const {
  const Columns c = columns();
  return {c.title + c.name + c.low + c.high + c.range + 2 * kArrow + 320, int(bars_.size()) * lineHeight()};
}

QSize ColorLegend::minimumSizeHint() const {
  const Columns c = columns();
  return {c.title + c.name + c.low + c.high + c.range + 2 * kArrow + 60, int(bars_.size()) * lineHeight()};
}

void ColorLegend::paintEvent(QPaintEvent*) {
  QPainter p(this);
  const Columns c = columns();
  const int h = lineHeight();
  const QColor ink = palette().color(QPalette::WindowText);
  if (title_) {
    p.setPen(ink);
    p.drawText(QRect(0, 0, c.title, h), Qt::AlignVCenter | Qt::AlignLeft, metricLabel(scale().metric()));
  }
  const int barW = std::max(40, width() - c.title - c.name - c.low - c.high - c.range - 2 * kArrow);
  for (int line = 0; line < bars_.size(); ++line) {
    const LegendBar& b = bars_[line];
    const ColorScale& s = b.scale;
    const int y = line * h;
    int x = c.title;
    p.setPen(b.color.isValid() ? b.color : ink);
    p.drawText(QRect(x, y, c.name, h), Qt::AlignVCenter | Qt::AlignLeft,
               QFontMetrics(font()).elidedText(b.name, Qt::ElideRight, kMaxName));
    x += c.name;
    p.setPen(ink);
    p.drawText(QRect(x, y, c.low - 4, h), Qt::AlignVCenter | Qt::AlignRight, formatValue(s.low()));
    x += c.low + kArrow;
    const QRect bar(x, y + (h - 12) / 2, barW, 12);
    for (int i = 0; i < bar.width(); ++i) {
      const double f = (i + 0.5) / bar.width();
      p.setPen(QColor::fromRgb(s.color(float(s.valueAt(f)))));
      p.drawLine(bar.left() + i, bar.top(), bar.left() + i, bar.bottom());
    }
    p.setPen(palette().color(QPalette::Mid));
    p.setBrush(Qt::NoBrush);
    p.drawRect(bar.adjusted(0, 0, -1, -1));
    // Beyond an end: an arrow in that end's colour, as the strip draws those values.
    const auto arrow = [&](bool right) {
      const int x0 = right ? bar.right() + 1 : bar.left() - 1, dx = right ? kArrow - 1 : -(kArrow - 1);
      const QPoint tri[3] = {{x0, bar.top()}, {x0 + dx, bar.center().y()}, {x0, bar.bottom()}};
      p.setPen(palette().color(QPalette::Mid));
      p.setBrush(QColor::fromRgb(s.color(float(right ? s.high() : s.low()))));
      p.drawPolygon(tri, 3);
    };
    if (b.clippedLow) arrow(false);
    if (b.clippedHigh) arrow(true);
    if (s.isSigned()) {
      const int zx = bar.left() + bar.width() / 2;
      p.setPen(ink);
      p.drawLine(zx, bar.top() - 2, zx, bar.bottom() + 2);
    }
    p.setPen(ink);
    x = bar.right() + 1 + kArrow + 4;
    p.drawText(QRect(x, y, c.high, h), Qt::AlignVCenter | Qt::AlignLeft, formatValue(s.high()));
    x += c.high;
    p.setPen(palette().color(QPalette::PlaceholderText));
    p.drawText(QRect(x + 6, y, width() - x - 6, h), Qt::AlignVCenter | Qt::AlignLeft, b.range);
  }
}

}  // namespace widgets
