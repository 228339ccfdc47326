#pragma once
// widgets::DocumentFilter: the document list's search: keeps documents the current slice touches, and
// matches the search text (a case-insensitive substring, or a regular expression when it starts with
// '/') against name, metadata and text. It does not sort: a sort asked of it (a click on a column
// header) goes to the DocumentsModel below, which orders its rows itself, on a worker for large runs.
#include <QSortFilterProxyModel>

namespace widgets {

class DocumentFilter : public QSortFilterProxyModel {
  Q_OBJECT
 public:
  explicit DocumentFilter(QObject* parent = nullptr);
  void setSearch(const QString& text);
  void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

 protected:
  bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;
};

}  // namespace widgets
