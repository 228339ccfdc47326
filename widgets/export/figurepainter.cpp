#include "widgets/export/figurepainter.h"

#include <QFontMetricsF>
#include <QImage>
#include <QPainter>
#include <QPainterPath>
#include <QTextLayout>
#include <algorithm>
#include <cmath>
#include <functional>

namespace widgets {

namespace {

// Fixed fonts in pixels, so the page looks the same on every screen and in every file.
QFont font(int pixels, bool bold = false, bool mono = false) {
  QFont f(mono ? QStringLiteral("DejaVu Sans Mono") : QStringLiteral("DejaVu Sans"));
  f.setPixelSize(pixels);
  f.setBold(bold);
  f.setStyleHint(mono ? QFont::Monospace : QFont::SansSerif);
  return f;
}

const QColor kInk(0x20, 0x20, 0x20);
const QColor kGrid(0xE4, 0xE4, 0xE4);
constexpr int kMargin = 12;
constexpr int kStripRow = 20, kStripGap = 10;

QString tick(double v) {
  if (std::abs(v) < 1e-12) return QStringLiteral("0");
  return QString::number(v, 'g', 6);  // 10000, not 1e+04: ticks are round numbers
}

QString tokenText(QString t) {
  t.replace(QLatin1Char('\n'), QChar(0x21B5)).replace(QLatin1Char('\t'), QChar(0x2192));
  return t.isEmpty() ? QStringLiteral(" ") : t;
}

QRectF captionRect(const Figure& figure, const QString& caption) {
  if (caption.isEmpty()) return {};
  const QFontMetricsF fm(font(11));
  const QRectF r = fm.boundingRect(QRectF(kMargin, 0, figure.size.width() - 2 * kMargin, 10000),
                                   Qt::TextWordWrap | Qt::AlignLeft, caption);
  return QRectF(kMargin, figure.size.height() + 4, figure.size.width() - 2 * kMargin, r.height() + 6);
}

// Legend entries flowed left to right from `y`; returns the height used.
double paintLegend(QPainter& p, const Figure& figure, double y, bool draw) {
  if (figure.legend.isEmpty()) return 0;
  p.setFont(font(12));
  const QFontMetricsF fm(p.font());
  double x = kMargin, lineY = y;
  const double right = figure.size.width() - kMargin;
  for (const FigureLegendEntry& e : figure.legend) {
    const double w = 22 + fm.horizontalAdvance(e.label) + 18;
    if (x + w > right && x > kMargin) {
      x = kMargin;
      lineY += 18;
    }
    if (draw) {
      const QRectF swatch(x, lineY + 4, 16, 10);
      p.setPen(Qt::NoPen);
      p.setBrush(e.color);
      if (e.shape == FigureLegendEntry::Shape::Line) {
        p.setPen(QPen(e.color, 2.4));
        p.drawLine(QPointF(swatch.left(), swatch.center().y()), QPointF(swatch.right(), swatch.center().y()));
        p.setPen(Qt::NoPen);
        p.drawEllipse(swatch.center(), 3, 3);
      } else if (e.shape == FigureLegendEntry::Shape::Dashed) {
        p.setPen(QPen(e.color, 1.4, Qt::DashLine));
        p.drawLine(QPointF(swatch.left(), swatch.center().y()), QPointF(swatch.right(), swatch.center().y()));
      } else if (e.shape == FigureLegendEntry::Shape::Dot) {
        p.drawEllipse(swatch.center(), 4, 4);
      } else {
        p.drawRect(swatch);
      }
      p.setPen(kInk);
      p.drawText(QPointF(x + 22, lineY + 13), e.label);
    }
    x += w;
  }
  return lineY - y + 22;
}

double paintColorBar(QPainter& p, const Figure& figure, double y) {
  if (!figure.colorBar) return 0;
  const ColorScale& s = *figure.colorBar;
  p.setFont(font(12));
  const QFontMetricsF fm(p.font());
  p.setPen(kInk);
  p.drawText(QPointF(kMargin, y + 12), figure.colorBarTitle);
  const double x0 = kMargin + fm.horizontalAdvance(figure.colorBarTitle) + 12, w = 240;
  for (int i = 0; i < int(w); ++i) {
    p.setPen(QColor::fromRgb(s.color(float(s.valueAt((i + 0.5) / w)))));
    p.drawLine(QPointF(x0 + i, y + 2), QPointF(x0 + i, y + 14));
  }
  p.setPen(QPen(kInk, 0.8));
  p.setBrush(Qt::NoBrush);
  p.drawRect(QRectF(x0, y + 2, w, 12));
  p.setFont(font(11));
  QList<double> values = {s.low(), s.high()};
  if (s.isSigned()) values.insert(1, 0.0);
  for (double v : values) {
    const double x = x0 + s.fraction(v) * w;
    p.drawLine(QPointF(x, y + 14), QPointF(x, y + 18));
    const QString t = tick(v);
    p.drawText(QPointF(x - QFontMetricsF(p.font()).horizontalAdvance(t) / 2, y + 30), t);
  }
  return 36;
}

void paintYAxis(QPainter& p, const QRectF& plot, double lo, double hi, const QString& title) {
  p.setFont(font(11));
  const QFontMetricsF fm(p.font());
  for (double v : niceTicks(lo, hi)) {
    const double y = plot.bottom() - (v - lo) / (hi - lo) * plot.height();
    p.setPen(QPen(kGrid, 1));
    p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
    p.setPen(kInk);
    const QString t = tick(v);
    p.drawText(QPointF(plot.left() - 6 - fm.horizontalAdvance(t), y + 4), t);
  }
  p.save();
  p.setFont(font(12));
  p.translate(plot.left() - 50, plot.center().y());
  p.rotate(-90);
  const double tw = QFontMetricsF(p.font()).horizontalAdvance(title);
  p.drawText(QPointF(-tw / 2, 0), title);
  p.restore();
}

void paintXTitle(QPainter& p, const QRectF& plot, const QString& title) {
  p.setFont(font(12));
  p.setPen(kInk);
  const double tw = QFontMetricsF(p.font()).horizontalAdvance(title);
  p.drawText(QPointF(plot.center().x() - tw / 2, plot.bottom() + 38), title);
}

// A scatter of many points as one image over the plot, `kRasterScale` pixels per logical pixel (192
// dpi): the report's SVG stays small (one embedded PNG instead of one element per point) and looks
// the same. Measured on the full demo's projection: 3 px made its map figure 3.0 MB, 2 px 1.9 MB (every point as
// a vector mark: 10.6 MB).
constexpr int kRasterScale = 2;
void paintPointsAsImage(QPainter& p, const FigureSeries& s, const QRectF& plot, const std::function<QPointF(double, double)>& map) {
  QImage image(int(std::ceil(plot.width() + 8)) * kRasterScale, int(std::ceil(plot.height() + 8)) * kRasterScale,
               QImage::Format_ARGB32_Premultiplied);
  image.fill(Qt::transparent);
  QPainter ip(&image);
  ip.setRenderHint(QPainter::Antialiasing);
  ip.scale(kRasterScale, kRasterScale);
  ip.translate(4 - plot.left(), 4 - plot.top());
  ip.setPen(Qt::NoPen);
  for (qsizetype i = 0; i < s.points.size(); ++i) {
    ip.setBrush(i < s.pointColors.size() ? QColor::fromRgb(s.pointColors[i]) : s.color);
    ip.drawEllipse(map(s.points[i].x(), s.points[i].y()), 2.4, 2.4);
  }
  ip.end();
  p.drawImage(plot.adjusted(-4, -4, 4, 4), image);
}

void paintXy(QPainter& p, const FigurePanel& panel, const QRectF& plot, int maxVectorPoints) {
  const double x0 = panel.xMin, x1 = panel.xMax > panel.xMin ? panel.xMax : panel.xMin + 1;
  const double y0 = panel.yMin, y1 = panel.yMax > panel.yMin ? panel.yMax : panel.yMin + 1;
  auto map = [&](double x, double y) {
    return QPointF(plot.left() + (x - x0) / (x1 - x0) * plot.width(), plot.bottom() - (y - y0) / (y1 - y0) * plot.height());
  };
  paintYAxis(p, plot, y0, y1, panel.yTitle);
  p.setFont(font(11));
  const QFontMetricsF fm(p.font());
  for (double v : niceTicks(x0, x1)) {
    const double x = map(v, y0).x();
    p.setPen(QPen(kGrid, 1));
    p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
    p.setPen(kInk);
    const QString t = tick(v);
    p.drawText(QPointF(x - fm.horizontalAdvance(t) / 2, plot.bottom() + 16), t);
  }
  paintXTitle(p, plot, panel.xTitle);
  p.save();
  p.setClipRect(plot.adjusted(-4, -4, 4, 4));
  if (panel.diagonal) {
    p.setPen(QPen(QColor(0x70, 0x70, 0x70), 1.2, Qt::DashLine));
    p.drawLine(map(std::max(x0, y0), std::max(x0, y0)), map(std::min(x1, y1), std::min(x1, y1)));
  }
  for (const FigureSeries& s : panel.series) {
    if (s.style == FigureSeries::Style::Steps) {
      QPainterPath path(map(s.points.isEmpty() ? x0 : s.points.front().x(), 0));
      for (const QPointF& b : s.points) {
        path.lineTo(map(b.x(), b.y()));
        path.lineTo(map(b.x() + s.binWidth, b.y()));
      }
      if (!s.points.isEmpty()) path.lineTo(map(s.points.back().x() + s.binWidth, 0));
      QColor fill = s.color;
      fill.setAlpha(55);
      p.setBrush(fill);
      p.setPen(QPen(s.color, 1.8));
      p.drawPath(path);
    } else if (s.style == FigureSeries::Style::Line) {
      QPolygonF line;
      for (const QPointF& q : s.points) line << map(q.x(), q.y());
      p.setPen(QPen(s.color, 2.2));
      p.setBrush(Qt::NoBrush);
      p.drawPolyline(line);
      p.setPen(Qt::NoPen);
      p.setBrush(s.color);
      for (const QPointF& q : line) p.drawEllipse(q, 3.2, 3.2);
    } else if (maxVectorPoints > 0 && s.points.size() > maxVectorPoints) {
      paintPointsAsImage(p, s, plot, map);
    } else {
      p.setPen(Qt::NoPen);
      for (qsizetype i = 0; i < s.points.size(); ++i) {
        p.setBrush(i < s.pointColors.size() ? QColor::fromRgb(s.pointColors[i]) : s.color);
        p.drawEllipse(map(s.points[i].x(), s.points[i].y()), 2.4, 2.4);
      }
    }
  }
  p.restore();
  p.setPen(QPen(kInk, 1));
  p.setBrush(Qt::NoBrush);
  p.drawRect(plot);
}

void paintBars(QPainter& p, const FigurePanel& panel, const QRectF& plot) {
  const qsizetype n = panel.categories.size();
  double lo = 0, hi = 0;
  for (qsizetype c = 0; c < n; ++c) {
    double sum = 0;
    for (const FigureBarGroup& g : panel.groups) {
      const double v = c < g.values.size() ? g.values[c] : NAN;
      if (!std::isfinite(v)) continue;
      if (panel.stacked) sum += v;
      lo = std::min(lo, v);
      hi = std::max(hi, panel.stacked ? sum : v);
    }
  }
  const double pad = (hi - lo) * 0.08;
  hi += hi > 0 ? pad : 0;
  lo -= lo < 0 ? pad : 0;
  if (hi <= lo) hi = lo + 1;
  auto yOf = [&](double v) { return plot.bottom() - (v - lo) / (hi - lo) * plot.height(); };
  paintYAxis(p, plot, lo, hi, panel.yTitle);
  paintXTitle(p, plot, panel.xTitle);
  if (n == 0) return;
  const double band = plot.width() / double(n);
  const qsizetype groups = std::max<qsizetype>(1, panel.stacked ? 1 : panel.groups.size());
  const double barW = band * 0.78 / double(groups);
  p.setFont(font(11));
  const QFontMetricsF fm(p.font());
  for (qsizetype c = 0; c < n; ++c) {
    const double left = plot.left() + band * double(c) + band * 0.11;
    double base = 0;
    for (qsizetype g = 0; g < panel.groups.size(); ++g) {
      const FigureBarGroup& group = panel.groups[g];
      const double v = c < group.values.size() ? group.values[c] : NAN;
      if (!std::isfinite(v)) continue;
      const double from = panel.stacked ? base : 0, to = from + v;
      const double x = panel.stacked ? left : left + barW * double(g);
      p.setPen(Qt::NoPen);
      p.setBrush(c < panel.categoryColors.size() ? panel.categoryColors[c] : group.color);
      p.drawRect(QRectF(QPointF(x, yOf(std::max(from, to))), QPointF(x + barW, yOf(std::min(from, to)))));
      if (panel.stacked) base = to;
    }
    p.setPen(kInk);
    const QString label = fm.elidedText(tokenText(panel.categories[c]), Qt::ElideRight, band - 2);
    p.drawText(QPointF(plot.left() + band * (double(c) + 0.5) - fm.horizontalAdvance(label) / 2, plot.bottom() + 16), label);
  }
  p.setPen(QPen(kInk, 1));
  p.setBrush(Qt::NoBrush);
  p.drawLine(QPointF(plot.left(), yOf(0)), QPointF(plot.right(), yOf(0)));
  p.drawRect(plot);
}

struct StripLine {
  qsizetype first = 0, last = 0;  // tokens [first, last)
};

QString stripRowLabel(const FigureStripRow& row) {
  return row.range.isEmpty() ? row.map : QStringLiteral("%1  %2").arg(row.map, row.range);
}

double stripLabelWidth(const FigurePanel& panel) {
  const QFontMetricsF fm(font(12));
  double w = 0;
  for (const FigureStripRow& r : panel.rows) w = std::max(w, fm.horizontalAdvance(stripRowLabel(r)));
  return w + 26;
}

QList<double> stripCellWidths(const FigurePanel& panel) {
  const QFontMetricsF fm(font(12, false, true));
  QList<double> widths;
  for (const QString& t : panel.tokens) widths << std::max(14.0, fm.horizontalAdvance(tokenText(t)) + 8);
  return widths;
}

QList<StripLine> stripLines(const FigurePanel& panel, double width) {
  const QList<double> widths = stripCellWidths(panel);
  const double room = std::max(60.0, width - stripLabelWidth(panel));
  QList<StripLine> lines;
  StripLine line;
  double used = 0;
  for (qsizetype i = 0; i < widths.size(); ++i) {
    if (used + widths[i] > room && i > line.first) {
      line.last = i;
      lines << line;
      line = StripLine{i, i};
      used = 0;
    }
    used += widths[i];
  }
  line.last = widths.size();
  if (line.last > line.first) lines << line;
  return lines;
}

void paintStrip(QPainter& p, const FigurePanel& panel, const QRectF& area) {
  const QList<double> widths = stripCellWidths(panel);
  const double label = stripLabelWidth(panel);
  double y = area.top();
  for (const StripLine& line : stripLines(panel, area.width())) {
    for (const FigureStripRow& row : panel.rows) {
      p.setFont(font(12));
      p.setPen(Qt::NoPen);
      p.setBrush(row.color);
      p.drawRect(QRectF(area.left(), y + 5, 10, 10));
      p.setPen(kInk);
      p.drawText(QPointF(area.left() + 16, y + 15), stripRowLabel(row));
      const ColorScale& scale = row.scale ? *row.scale : panel.scale;
      double x = area.left() + label;
      p.setFont(font(12, false, true));
      for (qsizetype i = line.first; i < line.last; ++i) {
        const float v = i < row.values.size() ? row.values[i] : NAN;
        const QRectF cell(x, y, widths[i], kStripRow - 1);
        p.setPen(Qt::NoPen);
        const QColor fill = QColor::fromRgb(scale.color(v));
        p.setBrush(fill);
        p.drawRect(cell);
        if (const int clipped = scale.clipped(v)) {
          // Beyond the range: a white notch in the corner (top above the range, bottom below it).
          const double s = std::min(6.0, widths[i] / 2);
          const QPointF corner = clipped > 0 ? cell.topRight() : cell.bottomRight();
          const QPointF notch[3] = {corner, corner - QPointF(s, 0), corner + QPointF(0, clipped > 0 ? s : -s)};
          p.setBrush(Qt::white);
          p.drawPolygon(notch, 3);
        }
        p.setPen(fill.lightness() < 110 ? Qt::white : kInk);  // text stays readable on dark cells
        p.drawText(cell, Qt::AlignCenter, tokenText(panel.tokens[i]));
        x += widths[i];
      }
      y += kStripRow;
    }
    y += kStripGap;
  }
}

}  // namespace

QList<double> niceTicks(double lo, double hi, int count) {
  QList<double> ticks;
  if (!(hi > lo) || !std::isfinite(lo) || !std::isfinite(hi)) return ticks;
  const double raw = (hi - lo) / std::max(1, count);
  const double power = std::pow(10.0, std::floor(std::log10(raw)));
  double step = power;
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (raw <= m * power) {
      step = m * power;
      break;
    }
  for (double v = std::ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step)
    ticks << (std::abs(v) < step * 1e-9 ? 0.0 : v);
  return ticks;
}

int stripPanelHeight(const FigurePanel& panel, int width) {
  return int(stripLines(panel, width).size()) * (int(panel.rows.size()) * kStripRow + kStripGap);
}

int figureHeightWithCaption(const Figure& figure, const QString& caption) {
  const QRectF r = captionRect(figure, caption);
  return figure.size.height() + (r.isNull() ? 0 : int(std::ceil(r.height())) + 8);
}

void paintFigure(QPainter& p, const Figure& figure, const QString& caption, int maxVectorPoints) {
  p.save();
  p.setRenderHint(QPainter::Antialiasing);
  p.setRenderHint(QPainter::TextAntialiasing);
  const int width = figure.size.width();
  p.fillRect(QRectF(0, 0, width, figureHeightWithCaption(figure, caption)), Qt::white);
  p.setPen(kInk);
  p.setFont(font(17, true));
  p.drawText(QPointF(kMargin, 26), figure.title);
  double y = 38;
  y += paintLegend(p, figure, y, true);
  y += paintColorBar(p, figure, y);
  const int columns = std::max(1, figure.columns);
  const qsizetype rows = (figure.panels.size() + columns - 1) / columns;
  const double cellW = double(width - 2 * kMargin) / columns;
  const double cellH = rows ? (figure.size.height() - y - 6) / double(rows) : 0;
  for (qsizetype i = 0; i < figure.panels.size(); ++i) {
    const FigurePanel& panel = figure.panels[i];
    QRectF cell(kMargin + cellW * double(i % columns), y + cellH * double(i / columns), cellW, cellH);
    if (!panel.title.isEmpty()) {
      p.setPen(kInk);
      p.setFont(font(13, true));
      p.drawText(QPointF(cell.left() + 4, cell.top() + 16), QFontMetricsF(p.font()).elidedText(panel.title, Qt::ElideRight, cellW - 8));
      cell.setTop(cell.top() + 24);
    }
    if (panel.kind == FigurePanel::Kind::Strip) {
      paintStrip(p, panel, cell.adjusted(0, 6, 0, 0));
      continue;
    }
    const QRectF plot = cell.adjusted(66, 8, -14, -48);
    if (panel.kind == FigurePanel::Kind::Xy)
      paintXy(p, panel, plot, maxVectorPoints);
    else
      paintBars(p, panel, plot);
  }
  if (!caption.isEmpty()) {
    const QRectF r = captionRect(figure, caption);
    p.setPen(QPen(QColor(0xB0, 0xB0, 0xB0), 0.8));
    p.drawLine(QPointF(r.left(), r.top() - 2), QPointF(r.right(), r.top() - 2));
    p.setPen(QColor(0x40, 0x40, 0x40));
    p.setFont(font(11));
    p.drawText(r.adjusted(0, 3, 0, 0), Qt::TextWordWrap | Qt::AlignLeft, caption);
  }
  p.restore();
}

}  // namespace widgets
