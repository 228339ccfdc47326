#pragma once
// widgets::MapView: the run's projection (the base map's hidden states, PCA to 2-D) as a scatter
// coloured by a metric of the chosen map; pan, zoom, lasso → a saved slice; click → that token in
// every view (double-click also asks for the Territory view). GUI thread only.
#include <QHash>
#include <QWidget>
#include <memory>

#include "core/analysis/run_result.h"
#include "widgets/display/metric.h"

class QComboBox;
class QLabel;
class QToolButton;

namespace widgets {

class Session;
class ScatterPlot;
class ColorLegend;
class DeferredRefresh;

class MapView : public QWidget {
  Q_OBJECT
 public:
  explicit MapView(Session* session, QWidget* parent = nullptr);

  ScatterPlot* plot() const { return plot_; }
  QComboBox* metricBox() const { return metric_; }
  QComboBox* mapBox() const { return map_; }
  ColorLegend* legend() const { return legend_; }
  // The projection point of a (document, position), -1 when it was not sampled.
  int pointOf(int document, int position) const;
  // Saves a lasso (projection coordinates) as a slice through an undoable Session edit.
  qint64 saveLasso(const QPolygonF& polygon, const QString& name);

 Q_SIGNALS:
  // The user double-clicked a point: show its token in the Territory view.
  void showInTerritoryRequested();

 private:
  void showRun();
  void recolor();
  void applyColors(std::vector<float> values, Metric metric);
  void updateInfo();
  void refreshKept();
  void refreshMaps();
  void askForLassoName(const QPolygonF& polygon);
  void changeEvent(QEvent* event) override;

  Session* session_;
  std::shared_ptr<const core::analysis::RunResult> run_;
  QHash<qint64, int> pointIndex_;  // (document << 32 | position) -> point
  QComboBox* metric_;
  QComboBox* map_;
  QToolButton* lasso_;
  ColorLegend* legend_;
  ScatterPlot* plot_;
  QLabel* info_;
  int recolorGeneration_ = 0;  // the latest colouring asked for; older ones are dropped
  // Colouring reads every sampled document's tracks (a pass over the run when it was opened lazily):
  // done only while the view can be seen, so opening a run in another view reads nothing for it.
  DeferredRefresh* recolorer_ = nullptr;
  Metric colored_ = Metric::DeltaLogp;  // the metric the plot's values hold
};

}  // namespace widgets
