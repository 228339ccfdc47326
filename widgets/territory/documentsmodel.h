#pragma once
// widgets::DocumentsModel: the current run's documents with one map's DocumentStats, whether the
// current slice keeps any of their positions, and a search text (name, metadata and the document's
// text). Follows the Session and its Selection. GUI thread only.
//
// The model keeps the documents in the list's order itself (`sort`): a run of many documents is
// sorted on a worker (documentorder.h) while the list shows the order it had, so neither opening a
// run of a million documents nor a click on a column header holds up the event loop. DocumentFilter
// above it only filters.
#include <QAbstractTableModel>
#include <memory>
#include <vector>

#include "core/analysis/run_result.h"

namespace widgets {

class Session;

class DocumentsModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column {
    NameColumn, TokensColumn, NllColumn, DeltaNllColumn, EntropyColumn, Top1Column, KlBtColumn, KlTbColumn,
    JsColumn, KlMaxColumn, BitsPerByteColumn, MetadataColumn, ColumnCount
  };
  enum Role { SortRole = Qt::UserRole + 1, DocumentRole, SearchRole, KeptRole };
  // Runs of at least this many documents are sorted on a worker; smaller ones at once.
  static constexpr int kSortOnWorkerFrom = 20000;

  explicit DocumentsModel(Session* session, QObject* parent = nullptr);
  int map() const { return map_; }
  // The row that shows document `document` (its position in the run), or -1.
  int rowOf(int document) const;
  // The document row `row` shows.
  int documentAt(int row) const;
  int sortColumn() const { return sortColumn_; }
  Qt::SortOrder sortOrder() const { return sortOrder_; }
  // Whether an order is being computed on a worker (the rows show the previous one meanwhile).
  bool sorting() const { return sortJob_ != 0; }
  // Where sorting moves to a worker (kSortOnWorkerFrom unless changed).
  void setSortOnWorkerFrom(int documents) { sortOnWorkerFrom_ = documents; }

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
  void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

 Q_SIGNALS:
  // The rows took the order of the last `sort` (at once, or when the worker finished).
  void sorted();

 private:
  void reset();
  void requestOrder();
  void applyOrder(std::vector<int> order);
  QString searchText(int document) const;

  Session* session_;
  std::shared_ptr<const core::analysis::RunResult> run_;
  int map_ = 1;
  int sortColumn_ = NameColumn;
  Qt::SortOrder sortOrder_ = Qt::AscendingOrder;
  int sortOnWorkerFrom_ = kSortOnWorkerFrom;
  int sortJob_ = 0;           // the JobsModel id of the sort in flight, 0 when none
  quint64 orderRequest_ = 0;  // which request a finished sort answers (older answers are dropped)
  std::vector<int> order_;    // row -> document; empty: the run's order
  std::vector<int> rowOf_;    // document -> row; empty with order_
  mutable std::vector<QString> search_;  // built on first search, per document
};

}  // namespace widgets
