#include "widgets/territory/documentfilter.h"

#include <QRegularExpression>

#include "widgets/territory/documentsmodel.h"

namespace widgets {

DocumentFilter::DocumentFilter(QObject* parent) : QSortFilterProxyModel(parent) {
  setFilterRole(DocumentsModel::SearchRole);
  setFilterCaseSensitivity(Qt::CaseInsensitive);
  setDynamicSortFilter(true);
}

void DocumentFilter::sort(int column, Qt::SortOrder order) {
  // The rows keep the source's order (sort column -1): the DocumentsModel sorts them.
  if (auto* documents = qobject_cast<DocumentsModel*>(sourceModel())) {
    documents->sort(column, order);
    return;
  }
  QSortFilterProxyModel::sort(column, order);
}

void DocumentFilter::setSearch(const QString& text) {
  if (text.startsWith(QLatin1Char('/')) && text.size() > 1)
    setFilterRegularExpression(QRegularExpression(text.mid(1), QRegularExpression::CaseInsensitiveOption));
  else
    setFilterFixedString(text);
}

bool DocumentFilter::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const {
  const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
  if (!index.data(DocumentsModel::KeptRole).toBool()) return false;
  if (filterRegularExpression().pattern().isEmpty()) return true;
  return QSortFilterProxyModel::filterAcceptsRow(sourceRow, sourceParent);
}

}  // namespace widgets
