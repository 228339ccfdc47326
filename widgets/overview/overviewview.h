#pragma once
// widgets::OverviewView: the run at a glance, over the current slice: the per-map summary table with
// every `compare` field, and small-multiple charts (Δ NLL and KL histograms per tuned map, base vs
// tuned entropy, reliability diagrams with ECE, per-metadata-value bars, fidelity quadrants).
// Reads the Session's digest; never computes over positions itself. GUI thread only.
#include <QWidget>

class QComboBox;
class QLabel;
class QTableView;

namespace widgets {

class Session;
class SummaryModel;
class ChartPanel;
class HistogramChart;
class ReliabilityChart;
class BarChart;
class DeferredRefresh;

class OverviewView : public QWidget {
  Q_OBJECT
 public:
  explicit OverviewView(Session* session, QWidget* parent = nullptr);

  SummaryModel* summary() const { return summary_; }
  QTableView* table() const { return table_; }
  QList<ChartPanel*> charts() const;
  QComboBox* sliceField() const { return field_; }

 private:
  void refresh();
  void refreshSliceBars();

  Session* session_;
  DeferredRefresh* refresher_;  // the charts redraw only while they can be seen
  SummaryModel* summary_;
  QLabel* header_;
  QTableView* table_;
  HistogramChart* deltaNll_;
  HistogramChart* kl_;
  HistogramChart* entropy_;
  ReliabilityChart* reliability_;
  BarChart* sliceBars_;
  BarChart* quadrants_;
  QComboBox* field_;
  QComboBox* fieldMetric_;
};

}  // namespace widgets
