#pragma once
// widgets::LineageView: how each metric moves along the ordered checkpoints (base → SFT → RL …), one
// small chart per metric, over the current slice. Reads the Session's digest. GUI thread only.
#include <QWidget>

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
  QList<int> columns_;  // SummaryModel column of each chart
  QStringList units_;
  QLabel* header_;
};

}  // namespace widgets
