#pragma once
// widgets::LineageChart: one metric along the lineage tree (base → SFT → RL …), a small multiple of the
// Lineage view. The x axis is the generation (tuning steps from the root); each root-to-leaf branch is
// one line, so siblings (two RL runs from one parent) part from their parent as two lines. Each point is
// coloured like its map elsewhere and labelled with its value.
#include <QColor>
#include <QList>
#include <QStringList>

#include "widgets/charts/chartpanel.h"

namespace widgets {

class LineageChart : public ChartPanel {
  Q_OBJECT
 public:
  explicit LineageChart(const QString& title, QWidget* parent = nullptr);
  // One chain: checkpoint i at generation i (a lineage without branches). NaN values (not computable for
  // this map or slice) are left out of the line.
  void setSteps(QStringList checkpoints, QList<qreal> values, QList<QColor> colors, const QString& yTitle);
  // A tree: checkpoint i at generation depths[i]; `branches` are root-to-leaf paths of indices. `lanes`
  // (the tree's rows, core::model::LineageLayout::row) spread the maps of one generation a little
  // around it, in lane order, so that siblings' points and value labels do not cover each other.
  void setTree(QStringList checkpoints, QList<qreal> values, QList<QColor> colors, QList<int> depths,
               QList<QList<int>> branches, const QString& yTitle, QList<double> lanes = {});
  // Where checkpoint i is drawn along x: its generation, spread among its generation's siblings.
  double xOf(int i) const;
  QList<qreal> values() const { return values_; }
  // For tests: the points of each branch's line as drawn (generation, value).
  QList<QList<QPointF>> branchLines() const { return lines_; }

 protected:
  void rebuild() override;

 private:
  QStringList checkpoints_;
  QList<qreal> values_;
  QList<QColor> colors_;
  QList<int> depths_;
  QList<double> x_;
  QList<QList<int>> branches_;
  QList<QList<QPointF>> lines_;
  QString yTitle_;
};

}  // namespace widgets
