#pragma once
// widgets::DocumentFilter: the document list's sort and search: sorts by DocumentsModel::SortRole,
// names in natural order (doc-2 before doc-10), keeps documents the current slice touches, and matches the search text (a case-insensitive
// substring, or a regular expression when it starts with '/') against name, metadata and text.
#include <QSortFilterProxyModel>
#include <vector>

namespace widgets {

class DocumentFilter : public QSortFilterProxyModel {
  Q_OBJECT
 public:
  explicit DocumentFilter(QObject* parent = nullptr);
  void setSearch(const QString& text);

 protected:
  bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;
  bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

 private:
  // Each row's sort value for the sorted column, read from a DocumentsModel once per sort rather than
  // twice per comparison (40 million reads on the GUI thread to sort a million documents).
  // Null when the source is not a DocumentsModel.
  const std::vector<QVariant>* sortKeys(const QModelIndex& index) const;
  mutable std::vector<QVariant> keys_;
  mutable int keysColumn_ = -1, keysRole_ = -1;
  mutable quint64 keysGeneration_ = 0;
  mutable bool releasePosted_ = false;
};

// Natural order: runs of digits compare by value ("doc-2" < "doc-10"), the rest case-insensitively.
bool naturalLess(const QString& a, const QString& b);

}  // namespace widgets
