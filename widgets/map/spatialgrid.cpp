#include "widgets/map/spatialgrid.h"

#include <algorithm>
#include <cmath>

namespace widgets {

void SpatialGrid::build(const std::vector<QPointF>& points) {
  points_ = points;
  if (points.empty()) {
    bounds_ = {};
    nx_ = ny_ = 1;
    start_.assign(2, 0);
    order_.clear();
    return;
  }
  double x0 = points[0].x(), x1 = x0, y0 = points[0].y(), y1 = y0;
  for (const QPointF& p : points) {
    x0 = std::min(x0, p.x());
    x1 = std::max(x1, p.x());
    y0 = std::min(y0, p.y());
    y1 = std::max(y1, p.y());
  }
  bounds_ = QRectF(QPointF(x0, y0), QPointF(x1, y1));
  // About 4 points per cell on average.
  const int side = std::clamp(int(std::sqrt(double(points.size()) / 4.0)), 1, 512);
  nx_ = ny_ = side;
  std::vector<int> cell(points.size());
  start_.assign(std::size_t(nx_ * ny_ + 1), 0);
  for (std::size_t i = 0; i < points.size(); ++i) {
    cell[i] = cellY(points[i].y()) * nx_ + cellX(points[i].x());
    ++start_[std::size_t(cell[i]) + 1];
  }
  for (std::size_t c = 1; c < start_.size(); ++c) start_[c] += start_[c - 1];
  order_.assign(points.size(), 0);
  std::vector<int> fill(start_.begin(), start_.end() - 1);
  for (std::size_t i = 0; i < points.size(); ++i) order_[std::size_t(fill[std::size_t(cell[i])]++)] = int(i);
}

int SpatialGrid::cellX(double x) const {
  if (bounds_.width() <= 0) return 0;
  return std::clamp(int((x - bounds_.left()) / bounds_.width() * nx_), 0, nx_ - 1);
}

int SpatialGrid::cellY(double y) const {
  if (bounds_.height() <= 0) return 0;
  return std::clamp(int((y - bounds_.top()) / bounds_.height() * ny_), 0, ny_ - 1);
}

void SpatialGrid::visit(const QRectF& rect, const std::function<void(int)>& visit) const {
  if (points_.empty()) return;
  const QRectF r = rect.normalized();
  if (r.right() < bounds_.left() || r.left() > bounds_.right() || r.bottom() < bounds_.top() ||
      r.top() > bounds_.bottom())
    return;
  const int cx0 = cellX(r.left()), cx1 = cellX(r.right()), cy0 = cellY(r.top()), cy1 = cellY(r.bottom());
  for (int cy = cy0; cy <= cy1; ++cy)
    for (int cx = cx0; cx <= cx1; ++cx) {
      const int c = cy * nx_ + cx;
      for (int k = start_[std::size_t(c)]; k < start_[std::size_t(c) + 1]; ++k) {
        const int i = order_[std::size_t(k)];
        const QPointF& p = points_[std::size_t(i)];
        if (p.x() >= r.left() && p.x() <= r.right() && p.y() >= r.top() && p.y() <= r.bottom()) visit(i);
      }
    }
}

std::vector<int> SpatialGrid::inside(const QPolygonF& polygon) const {
  std::vector<int> out;
  if (polygon.size() < 3) return out;
  visit(polygon.boundingRect(), [&](int i) {
    if (polygon.containsPoint(points_[std::size_t(i)], Qt::OddEvenFill)) out.push_back(i);
  });
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace widgets
