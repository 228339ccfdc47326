#include "widgets/map/scatterplot.h"

#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>


namespace widgets {
namespace {

// A tick label with just the decimals the step needs ("0.5", "1.0", not "0.500", "1.00").
QString tickLabel(double v, double step) {
  const int decimals = std::max(0, int(-std::floor(std::log10(step) + 1e-9)));
  return QString::number(std::fabs(v) < step * 1e-6 ? 0.0 : v, 'f', decimals);
}

double niceStep(double span, int ticks) {
  if (span <= 0 || !std::isfinite(span)) return 1;
  const double raw = span / ticks;
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  const double r = raw / mag;
  return (r < 1.5 ? 1 : r < 3 ? 2 : r < 7 ? 5 : 10) * mag;
}

}  // namespace

ScatterPlot::ScatterPlot(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("scatterPlot"));
  setMinimumSize(320, 240);
  setFocusPolicy(Qt::StrongFocus);
  setAttribute(Qt::WA_OpaquePaintEvent);
  setToolTip(tr("Drag to pan, wheel to zoom, Shift+drag to lasso a slice; click a point to select its token, "
                "double-click to show it in the Territory view"));
}

void ScatterPlot::setPoints(std::vector<QPointF> points) {
  points_ = std::move(points);
  grid_.build(points_);
  highlighted_ = -1;
  if (values_.size() != points_.size()) {
    values_.assign(points_.size(), kNoValue);
    colors_.assign(points_.size(), ColorScale::missingColor());
  }
  if (!kept_.empty() && kept_.size() != points_.size()) kept_.clear();
  resetView();
  sortForDrawing();
}

void ScatterPlot::setValues(std::vector<float> values, const ColorScale& scale) {
  values_ = std::move(values);
  values_.resize(points_.size(), kNoValue);
  scale_ = scale;
  colors_.resize(values_.size());
  for (std::size_t i = 0; i < values_.size(); ++i) colors_[i] = scale_.color(values_[i]);
  sortForDrawing();
}

void ScatterPlot::setKept(std::vector<std::uint8_t> kept) {
  kept_ = std::move(kept);
  if (!kept_.empty() && kept_.size() != points_.size()) kept_.clear();
  sortForDrawing();
}

void ScatterPlot::sortForDrawing() {
  // Faded points first, then kept points from the scale's middle outwards, so the extremes a
  // researcher looks for are never hidden under ordinary ones.
  drawOrder_.resize(points_.size());
  std::vector<float> key(points_.size());
  for (std::size_t i = 0; i < points_.size(); ++i) {
    drawOrder_[i] = int(i);
    const bool in = kept_.empty() || kept_[i];
    const float v = values_.empty() ? kNoValue : values_[i];
    const double f = std::isfinite(v) ? scale_.fraction(v) : 0.0;
    key[i] = float((in ? 2.0 : 0.0) + (scale_.isSigned() ? std::fabs(f - 0.5) * 2 : f));
  }
  std::stable_sort(drawOrder_.begin(), drawOrder_.end(), [&key](int a, int b) { return key[std::size_t(a)] < key[std::size_t(b)]; });
  invalidate();
}

void ScatterPlot::setHighlighted(int index) {
  if (index == highlighted_) return;
  highlighted_ = index;
  update();
}

void ScatterPlot::setAxisTitles(const QString& x, const QString& y) {
  xTitle_ = x;
  yTitle_ = y;
  update();
}

void ScatterPlot::resetView() {
  QRectF b = grid_.bounds();
  if (b.width() <= 0) b.setWidth(1);
  if (b.height() <= 0) b.setHeight(1);
  view_ = b.adjusted(-0.04 * b.width(), -0.04 * b.height(), 0.04 * b.width(), 0.04 * b.height());
  invalidate();
}

void ScatterPlot::invalidate() {
  dirty_ = true;
  update();
}

QRect ScatterPlot::plotArea() const {
  const QFontMetrics fm(font());
  const int left = fm.horizontalAdvance(QStringLiteral("-00.00")) + fm.height() + 12;
  const int bottom = 2 * fm.height() + 12;
  return QRect(left, 8, std::max(10, width() - left - 12), std::max(10, height() - bottom - 8));
}

QPointF ScatterPlot::toWidget(const QPointF& d) const {
  const QRect a = plotArea();
  return {a.left() + (d.x() - view_.left()) / view_.width() * a.width(),
          a.bottom() - (d.y() - view_.top()) / view_.height() * a.height()};
}

QPointF ScatterPlot::toData(const QPointF& w) const {
  const QRect a = plotArea();
  return {view_.left() + (w.x() - a.left()) / a.width() * view_.width(),
          view_.top() + (a.bottom() - w.y()) / a.height() * view_.height()};
}

int ScatterPlot::pointAt(const QPointF& pos, double radius) const {
  const QPointF d0 = toData(pos - QPointF(radius, radius)), d1 = toData(pos + QPointF(radius, radius));
  int best = -1;
  double bestDist = radius * radius;
  grid_.visit(QRectF(d0, d1).normalized(), [&](int i) {
    const QPointF w = toWidget(points_[std::size_t(i)]);
    const double dx = w.x() - pos.x(), dy = w.y() - pos.y(), dist = dx * dx + dy * dy;
    if (dist <= bestDist) {
      bestDist = dist;
      best = i;
    }
  });
  return best;
}

QSize ScatterPlot::renderPoints() {
  const QRect area = plotArea();
  const qreal dpr = devicePixelRatioF();
  const QSize size(int(area.width() * dpr), int(area.height() * dpr));
  if (cache_.size() != size) cache_ = QImage(size, QImage::Format_RGB32);
  cache_.setDevicePixelRatio(dpr);
  cache_.fill(palette().color(QPalette::Base));
  const int w = size.width(), h = size.height();
  // Few points are drawn larger and ringed, so pale (near-zero) colours stay visible; many points
  // are single small squares, so dense regions do not turn into one blot.
  const std::size_t n = points_.size();
  const int r = int(std::lround((n < 5000 ? 2.5 : n < 30000 ? 1.5 : 1.0) * dpr));
  const bool ring = n < 30000;
  const double sx = w / view_.width(), sy = h / view_.height();
  const QColor base = palette().color(QPalette::Base);
  const bool dark = base.lightness() < 128;
  const QRgb grey = (dark ? base.lighter(180) : base.darker(118)).rgb();
  auto ringOf = [dark](QRgb c) {
    const QColor q = QColor::fromRgb(c);
    return (dark ? q.lighter(135) : q.darker(135)).rgb();
  };
  auto* bits = reinterpret_cast<QRgb*>(cache_.bits());
  const qsizetype stride = cache_.bytesPerLine() / qsizetype(sizeof(QRgb));
  for (int i : drawOrder_) {
    const QPointF& p = points_[std::size_t(i)];
    const int px = int((p.x() - view_.left()) * sx);
    const int py = h - 1 - int((p.y() - view_.top()) * sy);
    if (px < -r || py < -r || px >= w + r || py >= h + r) continue;
    const bool in = kept_.empty() || kept_[std::size_t(i)];
    const QRgb c = in ? colors_[std::size_t(i)] : grey;
    const QRgb edge = ring && in ? ringOf(c) : c;
    for (int y = std::max(0, py - r); y <= std::min(h - 1, py + r); ++y) {
      QRgb* line = bits + y * stride;
      const bool rimRow = y == py - r || y == py + r;
      for (int x = std::max(0, px - r); x <= std::min(w - 1, px + r); ++x)
        line[x] = rimRow || x == px - r || x == px + r ? edge : c;
    }
  }
  dirty_ = false;
  return size;
}

void ScatterPlot::drawAxes(QPainter& painter, const QRect& area) {
  const QFontMetrics fm(font());
  const QColor text = palette().color(QPalette::WindowText);
  QColor gridColor = palette().color(QPalette::Mid);
  gridColor.setAlpha(90);
  painter.setPen(text);
  const double xs = niceStep(view_.width(), std::max(2, area.width() / 90));
  const double ys = niceStep(view_.height(), std::max(2, area.height() / 60));
  for (double x = std::ceil(view_.left() / xs) * xs; x <= view_.right(); x += xs) {
    const double wx = toWidget({x, 0}).x();
    painter.setPen(gridColor);
    painter.drawLine(QPointF(wx, area.top()), QPointF(wx, area.bottom()));
    painter.setPen(text);
    const QString label = tickLabel(x, xs);
    painter.drawText(QRectF(wx - 40, area.bottom() + 3, 80, fm.height()), Qt::AlignHCenter | Qt::AlignTop, label);
  }
  for (double y = std::ceil(view_.top() / ys) * ys; y <= view_.bottom(); y += ys) {
    const double wy = toWidget({0, y}).y();
    painter.setPen(gridColor);
    painter.drawLine(QPointF(area.left(), wy), QPointF(area.right(), wy));
    painter.setPen(text);
    const QString label = tickLabel(y, ys);
    painter.drawText(QRectF(0, wy - fm.height() / 2.0, area.left() - 4, fm.height()), Qt::AlignRight | Qt::AlignVCenter, label);
  }
  painter.setPen(palette().color(QPalette::Mid));
  painter.drawRect(area.adjusted(0, 0, -1, -1));
  painter.setPen(text);
  painter.drawText(QRect(area.left(), area.bottom() + fm.height() + 6, area.width(), fm.height() + 2), Qt::AlignHCenter, xTitle_);
  painter.save();
  painter.translate(fm.height() / 2.0 + 2, area.center().y());
  painter.rotate(-90);
  painter.drawText(QRect(-area.height() / 2, -fm.height() / 2, area.height(), fm.height() + 2), Qt::AlignHCenter, yTitle_);
  painter.restore();
}

void ScatterPlot::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  painter.fillRect(rect(), palette().color(QPalette::Window));
  const QRect area = plotArea();
  if (points_.empty()) {
    painter.setPen(palette().color(QPalette::PlaceholderText));
    painter.drawText(rect(), Qt::AlignCenter, tr("This run has no projection"));
    return;
  }
  if (dirty_ || cache_.size() != QSize(int(area.width() * devicePixelRatioF()), int(area.height() * devicePixelRatioF())))
    renderPoints();
  painter.drawImage(area.topLeft(), cache_);
  // The view's axes and grid lines are drawn above the points, lightly.
  drawAxes(painter, area);
  painter.setRenderHint(QPainter::Antialiasing);
  if (highlighted_ >= 0 && std::size_t(highlighted_) < points_.size()) {
    const QPointF c = toWidget(points_[std::size_t(highlighted_)]);
    if (area.contains(c.toPoint())) {
      painter.setPen(QPen(palette().color(QPalette::Base), 4));
      painter.setBrush(Qt::NoBrush);
      painter.drawEllipse(c, 7, 7);
      painter.setPen(QPen(palette().color(QPalette::Highlight), 2));
      painter.drawEllipse(c, 7, 7);
    }
  }
  if (lassoing_ && lasso_.size() > 1) {
    QColor fill = palette().color(QPalette::Highlight);
    fill.setAlpha(40);
    painter.setBrush(fill);
    painter.setPen(QPen(palette().color(QPalette::Highlight), 1.5, Qt::DashLine));
    painter.drawPolygon(lasso_);
  }
}

void ScatterPlot::resizeEvent(QResizeEvent*) { invalidate(); }

void ScatterPlot::changeEvent(QEvent* event) {
  if (event->type() == QEvent::PaletteChange) invalidate();
  QWidget::changeEvent(event);
}

void ScatterPlot::mousePressEvent(QMouseEvent* event) {
  if (event->button() != Qt::LeftButton) return;
  pressPos_ = event->position().toPoint();
  pressView_ = view_;
  moved_ = false;
  const bool lasso = tool_ == Tool::Lasso || (event->modifiers() & Qt::ShiftModifier);
  lassoing_ = lasso;
  panning_ = !lasso;
  lasso_.clear();
  if (lasso) lasso_ << event->position();
}

void ScatterPlot::mouseMoveEvent(QMouseEvent* event) {
  const QPointF pos = event->position();
  if ((pos.toPoint() - pressPos_).manhattanLength() > 3) moved_ = true;
  if (panning_ && moved_) {
    const QRect a = plotArea();
    const double dx = (pos.x() - pressPos_.x()) / a.width() * pressView_.width();
    const double dy = (pos.y() - pressPos_.y()) / a.height() * pressView_.height();
    view_ = pressView_.translated(-dx, dy);
    invalidate();
  } else if (lassoing_) {
    lasso_ << pos;
    update();
  }
}

void ScatterPlot::mouseReleaseEvent(QMouseEvent* event) {
  if (event->button() != Qt::LeftButton) return;
  if (lassoing_ && moved_ && lasso_.size() >= 3) {
    QPolygonF data;
    for (const QPointF& p : lasso_) data << toData(p);
    lassoing_ = false;
    lasso_.clear();
    update();
    Q_EMIT lassoFinished(data);
    return;
  }
  lassoing_ = panning_ = false;
  lasso_.clear();
  update();
  if (!moved_) {
    const int i = pointAt(event->position());
    if (i >= 0) Q_EMIT pointClicked(i);
  }
}

void ScatterPlot::mouseDoubleClickEvent(QMouseEvent* event) {
  const int i = pointAt(event->position());
  if (i >= 0) Q_EMIT pointActivated(i);
}

void ScatterPlot::wheelEvent(QWheelEvent* event) {
  const double steps = event->angleDelta().y() / 120.0;
  if (steps == 0) return;
  const double factor = std::pow(0.85, steps);
  const QPointF anchor = toData(event->position());
  view_ = QRectF(anchor.x() - (anchor.x() - view_.left()) * factor, anchor.y() - (anchor.y() - view_.top()) * factor,
                 view_.width() * factor, view_.height() * factor);
  invalidate();
}

}  // namespace widgets
