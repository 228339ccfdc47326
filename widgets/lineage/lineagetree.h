#pragma once
// widgets::LineageTree: the lineage of the current run's maps drawn as a tree, root on the left, one
// lane per branch: a box per map in its colour, a solid edge where the user set the parent and a dashed
// one where it is guessed from names (core/model/lineage_tree.h), the guessed map's name in italics.
// Parents are set from the Session dock's Tuned From menu. GUI thread only.
#include <QColor>
#include <QStringList>
#include <QWidget>

#include "core/model/lineage_tree.h"

namespace widgets {

class LineageTree : public QWidget {
  Q_OBJECT
 public:
  explicit LineageTree(QWidget* parent = nullptr);
  void setTree(QStringList names, QList<QColor> colors, std::vector<core::model::LineageLink> links);
  const core::model::LineageLayout& layout() const { return layout_; }
  QSize sizeHint() const override;

 protected:
  void paintEvent(QPaintEvent* event) override;

 private:
  QRectF box(std::size_t i) const;
  QStringList names_;
  QList<QColor> colors_;
  std::vector<core::model::LineageLink> links_;
  core::model::LineageLayout layout_;
};

}  // namespace widgets
