#pragma once
// widgets::LineageView: how each metric moves along the ordered checkpoints (base → SFT → RL …), one
// small chart per metric, over the current slice. Reads the Session's digest. GUI thread only.
#include <QWidget>
#include <vector>

#include "core/analysis/fields.h"

class QLabel;

namespace widgets {

class Session;
class LineageChart;

class LineageView : public QWidget {
  Q_OBJECT
 public:
  explicit LineageView(Session* session, QWidget* parent = nullptr);
  QList<LineageChart*> charts() const { return charts_; }

 private:
  void refresh();
  Session* session_;
  QList<LineageChart*> charts_;
  std::vector<const core::analysis::SummaryField*> fields_;  // of each chart
  QStringList units_;
  QLabel* header_;
};

}  // namespace widgets
