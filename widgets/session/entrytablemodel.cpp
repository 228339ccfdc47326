#include "widgets/session/entrytablemodel.h"

namespace widgets {

void EntryTableModel::beginEntryChange(const EntryChange& change) {
  switch (change.type) {
    case EntryChange::Type::Reset: beginResetModel(); break;
    case EntryChange::Type::Inserted: beginInsertRows({}, change.first, change.last); break;
    case EntryChange::Type::Removed: beginRemoveRows({}, change.first, change.last); break;
    case EntryChange::Type::Changed:
    case EntryChange::Type::None: break;
  }
}

void EntryTableModel::endEntryChange(const EntryChange& change) {
  switch (change.type) {
    case EntryChange::Type::Reset: endResetModel(); break;
    case EntryChange::Type::Inserted: endInsertRows(); break;
    case EntryChange::Type::Removed: endRemoveRows(); break;
    case EntryChange::Type::Changed:
      Q_EMIT dataChanged(index(change.first, 0), index(change.last, columnCount() - 1));
      break;
    case EntryChange::Type::None: break;
  }
}

}  // namespace widgets
