#pragma once
// widgets::TerritoryView: the ground truth, document by document: a searchable, sortable document list
// (DocumentStats of the chosen map), the token strip with one row per map coloured by a chosen metric,
// a colour legend, and every map's top-k side by side at the selected token. Clicking a token selects
// it everywhere; a span can be annotated. Listens to the Session and its Selection. GUI thread only.
#include <QSet>
#include <QWidget>
#include <memory>
#include <vector>

#include "core/analysis/zoom_run.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;

namespace widgets {

class Session;
class DocumentsModel;
class DocumentFilter;
class TokenStrip;
class TopKModel;
class ColorLegend;

class TerritoryView : public QWidget {
  Q_OBJECT
 public:
  explicit TerritoryView(Session* session, QWidget* parent = nullptr);

  TokenStrip* strip() const { return strip_; }
  QTableView* documents() const { return documents_; }
  DocumentFilter* filter() const { return filter_; }
  QLineEdit* search() const { return search_; }
  QComboBox* metricBox() const { return metric_; }
  // The zoom row's choice: none, or a prompt of a zoom run stored for the current run (issue 14).
  QComboBox* zoomRowBox() const { return zoomRow_; }
  TopKModel* topK() const { return topK_; }
  ColorLegend* legend() const { return legend_; }
  // The colour range: a percentile of |value| (data: the percentile, 100 = full range) and whether
  // each map's row gets its own scale (data: true) or every row shares one.
  QComboBox* rangeBox() const { return range_; }
  QComboBox* rangeModeBox() const { return rangeMode_; }
  // Pins `note` to the selected span (or token) through an undoable Session edit; returns its id.
  qint64 annotateSelection(const QString& note);
  // Asks for a note on the selected span (or token) and pins it.
  void promptForAnnotation();

 private:
  void showRun();
  void showDocument(int document);
  QModelIndex listIndexOf(int document) const;  // the list's index of a document, invalid if not listed
  // Shows `document` of `run` once its tracks are read (`tracks`: it with them; null: nothing).
  void displayDocument(const std::shared_ptr<const core::analysis::RunResult>& run, int document,
                       std::shared_ptr<const core::analysis::DocumentResult> tracks);
  void showToken(int document, int position);
  void refreshRows();
  void readZoomRuns();
  void fillZoomRowBox(std::vector<std::shared_ptr<const core::analysis::ZoomResult>> zooms);
  void applyZoomRow();
  void refreshAnnotations();
  void askForAnnotation(int first, int last);
  void applyScaleRange();
  void refreshLegend();

  Session* session_;
  DocumentsModel* model_;
  DocumentFilter* filter_;
  QLineEdit* search_;
  QTableView* documents_;
  QComboBox* metric_;
  QComboBox* statsMap_;
  QComboBox* zoomRow_;
  QComboBox* range_;
  QComboBox* rangeMode_;
  std::vector<std::shared_ptr<const core::analysis::ZoomResult>> zooms_;  // of the current run, oldest first
  qint64 zoomsOfRun_ = 0;
  QSet<int> ownJobs_;  // the jobs this view started (zoom runs, a document's tracks) still running
  ColorLegend* legend_;
  TokenStrip* strip_;
  TopKModel* topK_;
  QTableView* topKView_;
  QLabel* tokenInfo_;
  QLabel* documentInfo_;
};

}  // namespace widgets
