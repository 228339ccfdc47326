#pragma once
// widgets::LineageView: the lineage tree of the current run's maps (LineageTree) and how each metric moves
// along it (base → SFT → RL …, one line per branch), one small chart per metric, over the current slice.
// Reads the Session's digest and lineage. GUI thread only.
#include <QWidget>
#include <vector>

#include "core/analysis/fields.h"

class QLabel;

namespace widgets {

class Session;
class LineageChart;
class LineageTree;
class DeferredRefresh;

class LineageView : public QWidget {
  Q_OBJECT
 public:
  explicit LineageView(Session* session, QWidget* parent = nullptr);
  QList<LineageChart*> charts() const { return charts_; }
  LineageTree* tree() const { return tree_; }

 private:
  void refresh();
  Session* session_;
  DeferredRefresh* refresher_;  // the charts redraw only while they can be seen
  QList<LineageChart*> charts_;
  std::vector<const core::analysis::SummaryField*> fields_;  // of each chart
  QStringList units_;
  QLabel* header_;
  LineageTree* tree_;
};

}  // namespace widgets
