#pragma once
// widgets::SpatialGrid: a uniform grid over 2-D points (projection coordinates) so the scatter finds the
// point under the mouse and the points inside a lasso without scanning every point.
// Immutable after build(); any thread may query it.
#include <QPointF>
#include <QPolygonF>
#include <QRectF>
#include <functional>
#include <vector>

namespace widgets {

class SpatialGrid {
 public:
  void build(const std::vector<QPointF>& points);
  // Calls `visit(index)` for every point inside `rect` (data coordinates).
  void visit(const QRectF& rect, const std::function<void(int)>& visit) const;
  // Indices of the points inside `polygon` (even-odd rule), ascending.
  std::vector<int> inside(const QPolygonF& polygon) const;
  QRectF bounds() const { return bounds_; }
  std::size_t size() const { return points_.size(); }

 private:
  int cellX(double x) const;
  int cellY(double y) const;
  std::vector<QPointF> points_;
  QRectF bounds_;
  int nx_ = 1, ny_ = 1;
  std::vector<int> start_;  // CSR: points of cell c are order_[start_[c] .. start_[c + 1])
  std::vector<int> order_;
};

}  // namespace widgets
