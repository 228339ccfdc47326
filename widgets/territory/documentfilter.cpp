#include "widgets/territory/documentfilter.h"

#include <QRegularExpression>

#include "widgets/territory/documentsmodel.h"

namespace widgets {

DocumentFilter::DocumentFilter(QObject* parent) : QSortFilterProxyModel(parent) {
  setSortRole(DocumentsModel::SortRole);
  setFilterRole(DocumentsModel::SearchRole);
  setFilterCaseSensitivity(Qt::CaseInsensitive);
  setDynamicSortFilter(true);
}

bool naturalLess(const QString& a, const QString& b) {
  qsizetype i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i].isDigit() && b[j].isDigit()) {
      qsizetype ei = i, ej = j;
      while (ei < a.size() && a[ei].isDigit()) ++ei;
      while (ej < b.size() && b[ej].isDigit()) ++ej;
      // Compare digit runs by value without overflow: drop leading zeros, then length, then digits.
      QStringView x = QStringView(a).mid(i, ei - i), y = QStringView(b).mid(j, ej - j);
      while (x.size() > 1 && x.front() == QLatin1Char('0')) x = x.mid(1);
      while (y.size() > 1 && y.front() == QLatin1Char('0')) y = y.mid(1);
      if (x.size() != y.size()) return x.size() < y.size();
      if (const int c = x.compare(y); c != 0) return c < 0;
      i = ei;
      j = ej;
      continue;
    }
    const QChar ca = a[i].toCaseFolded(), cb = b[j].toCaseFolded();
    if (ca != cb) return ca < cb;
    ++i;
    ++j;
  }
  return a.size() - i < b.size() - j;
}

const std::vector<QVariant>* DocumentFilter::sortKeys(const QModelIndex& index) const {
  const auto* documents = qobject_cast<const DocumentsModel*>(sourceModel());
  if (!documents || index.model() != documents) return nullptr;
  const int rows = documents->rowCount();
  if (index.column() != keysColumn_ || sortRole() != keysRole_ || documents->generation() != keysGeneration_ ||
      keys_.size() != std::size_t(rows)) {
    keys_.assign(std::size_t(rows), QVariant());
    for (int r = 0; r < rows; ++r) keys_[std::size_t(r)] = documents->index(r, index.column()).data(sortRole());
    keysColumn_ = index.column();
    keysRole_ = sortRole();
    keysGeneration_ = documents->generation();
    // A sort runs to its end before the event loop turns: the keys are let go then (a million names
    // would otherwise stay in memory beside the rows they came from). One release is enough for the
    // keys of several sorts before the loop turns.
    if (!releasePosted_) {
      releasePosted_ = true;
      QMetaObject::invokeMethod(const_cast<DocumentFilter*>(this), [this] {
        keys_.clear();
        keys_.shrink_to_fit();
        keysColumn_ = -1;
        releasePosted_ = false;
      }, Qt::QueuedConnection);
    }
  }
  return &keys_;
}

bool DocumentFilter::lessThan(const QModelIndex& left, const QModelIndex& right) const {
  // The keys are compared where they lie: a million rows' sort makes some 20 million comparisons,
  // and copying two variants and their strings for each was a large part of it.
  const std::vector<QVariant>* keys = sortKeys(left);
  const std::size_t l = std::size_t(left.row()), r = std::size_t(right.row());
  if (!keys || right.model() != left.model() || right.column() != left.column() || l >= keys->size() ||
      r >= keys->size())
    return QSortFilterProxyModel::lessThan(left, right);
  const QVariant &a = (*keys)[l], &b = (*keys)[r];
  if (a.typeId() == QMetaType::QString && b.typeId() == QMetaType::QString)
    return naturalLess(*static_cast<const QString*>(a.constData()), *static_cast<const QString*>(b.constData()));
  if (a.typeId() == QMetaType::Double && b.typeId() == QMetaType::Double)
    return *static_cast<const double*>(a.constData()) < *static_cast<const double*>(b.constData());
  return QSortFilterProxyModel::lessThan(left, right);
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
