#pragma once
// widgets::ScatterPlot: many 2-D points (the projection), coloured by a value on a ColorScale, with
// axes, pan (drag), zoom (wheel), a lasso (Shift+drag or the lasso tool) and click-to-pick.
//
// Painted by hand: points are written straight into a cached image (re-rendered only when the view,
// the values or the size change) and picked through a SpatialGrid, so 100k points stay smooth; the
// highlight and the lasso are drawn over the cached image.
// GUI thread only.
#include <QImage>
#include <QWidget>
#include <vector>

#include "widgets/display/colorscale.h"
#include "widgets/map/spatialgrid.h"

namespace widgets {

class ScatterPlot : public QWidget {
  Q_OBJECT
 public:
  enum class Tool { Pan, Lasso };

  explicit ScatterPlot(QWidget* parent = nullptr);

  // New points (data coordinates); the view fits them.
  void setPoints(std::vector<QPointF> points);
  // One value per point and the scale that colours it.
  void setValues(std::vector<float> values, const ColorScale& scale);
  // One flag per point, 1 = in the current slice; empty = all in. Points outside are drawn grey, below.
  void setKept(std::vector<std::uint8_t> kept);
  void setHighlighted(int index);  // -1: none
  void setAxisTitles(const QString& x, const QString& y);
  void setTool(Tool tool) { tool_ = tool; }
  Tool tool() const { return tool_; }
  void resetView();

  int highlighted() const { return highlighted_; }
  std::size_t pointCount() const { return points_.size(); }
  const std::vector<float>& values() const { return values_; }  // per point, as last set
  // The nearest point within `radius` pixels of a widget position, -1 when none.
  int pointAt(const QPointF& widgetPos, double radius = 8) const;
  QPointF toWidget(const QPointF& data) const;
  QPointF toData(const QPointF& widget) const;
  QRectF viewRect() const { return view_; }
  QRect plotArea() const;
  // Renders the point layer now (exposed for the performance test), returns its size in pixels.
  QSize renderPoints();

 Q_SIGNALS:
  void pointClicked(int index);
  void pointActivated(int index);  // double-click
  void lassoFinished(const QPolygonF& dataPolygon);

 protected:
  void paintEvent(QPaintEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void mouseDoubleClickEvent(QMouseEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;
  void changeEvent(QEvent* event) override;

 private:
  void invalidate();
  void sortForDrawing();
  void drawAxes(QPainter& painter, const QRect& area);

  std::vector<QPointF> points_;
  std::vector<float> values_;
  std::vector<QRgb> colors_;
  std::vector<std::uint8_t> kept_;
  std::vector<int> drawOrder_;
  ColorScale scale_;
  SpatialGrid grid_;
  QRectF view_;  // data rectangle shown in the plot area
  QImage cache_;
  bool dirty_ = true;
  int highlighted_ = -1;
  QString xTitle_, yTitle_;
  Tool tool_ = Tool::Pan;
  // Interaction.
  QPoint pressPos_;
  QRectF pressView_;
  bool panning_ = false, lassoing_ = false, moved_ = false;
  QPolygonF lasso_;  // widget coordinates while drawing
};

}  // namespace widgets
