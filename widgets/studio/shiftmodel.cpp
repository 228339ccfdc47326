#include "widgets/studio/shiftmodel.h"

#include <QColor>

namespace widgets {

ShiftModel::ShiftModel(QObject* parent) : QAbstractTableModel(parent) {}

void ShiftModel::setRecord(std::optional<core::store::ShiftRecord> record) {
  beginResetModel();
  record_ = std::move(record);
  endResetModel();
}

int ShiftModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() || !record_ ? 0 : int(record_->maps.size());
}

int ShiftModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant ShiftModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || !record_ || std::size_t(index.row()) >= record_->maps.size()) return {};
  const core::store::ShiftMapRecord& m = record_->maps[std::size_t(index.row())];
  const auto count = [&]() -> std::int64_t {
    switch (index.column()) {
      case UnshiftedColumn: return m.unshifted;
      case MarginalColumn: return m.marginal;
      case ShiftedColumn: return m.shifted;
    }
    return 0;
  };
  const bool fraction = index.column() >= UnshiftedColumn;
  if (role == FractionRole && fraction) return m.fraction(count());
  if (role == Qt::DisplayRole) {
    if (index.column() == MapColumn) return QString::fromStdString(m.name);
    if (index.column() == PositionsColumn) return qlonglong(m.positions);
    return QStringLiteral("%1%").arg(100.0 * m.fraction(count()), 0, 'f', 1);
  }
  if (role == Qt::ToolTipRole) {
    if (index.column() == MapColumn) return QString::fromStdString(m.path);
    if (fraction) return tr("%1 of %2 generated tokens").arg(count()).arg(m.positions);
  }
  if (role == Qt::TextAlignmentRole && index.column() != MapColumn)
    return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
  return {};
}

QVariant ShiftModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal) return {};
  if (role == Qt::DisplayRole) {
    switch (section) {
      case MapColumn: return tr("Tuned map");
      case PositionsColumn: return tr("Tokens");
      case UnshiftedColumn: return tr("Unshifted");
      case MarginalColumn: return tr("Marginal");
      case ShiftedColumn: return tr("Shifted");
    }
  }
  if (role == Qt::ToolTipRole) {
    switch (section) {
      case UnshiftedColumn: return tr("The base map ranks the tuned map's token first");
      case MarginalColumn: return tr("The base map ranks it second or third");
      case ShiftedColumn: return tr("The base map ranks it below third: tuning put it there");
    }
  }
  return {};
}

}  // namespace widgets
