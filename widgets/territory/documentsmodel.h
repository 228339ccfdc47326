#pragma once
// widgets::DocumentsModel: the current run's documents with one map's DocumentStats (sortable by any
// of them), whether the current slice keeps any of their positions, and a search text (name,
// metadata and the document's text). Follows the Session and its Selection. GUI thread only.
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

  explicit DocumentsModel(Session* session, QObject* parent = nullptr);
  int map() const { return map_; }
  // Changes whenever every row's values may have (a reset): what DocumentFilter's sort keys follow.
  quint64 generation() const { return generation_; }

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

 private:
  void reset();
  QString searchText(int row) const;

  Session* session_;
  std::shared_ptr<const core::analysis::RunResult> run_;
  int map_ = 1;
  quint64 generation_ = 0;
  mutable std::vector<QString> search_;  // built on first search, per row
};

}  // namespace widgets
