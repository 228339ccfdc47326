#include "widgets/session/checkpointsmodel.h"

#include <QFont>
#include <QMimeData>

#include "widgets/session/session.h"

namespace widgets {
namespace {
const QString kMime = QStringLiteral("application/x-cartograph-checkpoint-id");
}

CheckpointsModel::CheckpointsModel(Session* session, QObject* parent) : EntryTableModel(parent), session_(session) {
  connect(session_, &Session::entriesAboutToChange, this, &CheckpointsModel::aboutToChange);
  connect(session_, &Session::checkpointsChanged, this, &CheckpointsModel::changed);
}

void CheckpointsModel::aboutToChange(EntryList list, const EntryChange& change) {
  if (list != EntryList::Checkpoints) return;
  beginEntryChange(change);
}

void CheckpointsModel::changed(const EntryChange& change) { endEntryChange(change); }

int CheckpointsModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : int(session_->checkpoints().size());
}
int CheckpointsModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant CheckpointsModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || std::size_t(index.row()) >= session_->checkpoints().size()) return {};
  const CheckpointEntry& c = session_->checkpoints()[std::size_t(index.row())];
  if (role == IdRole) return c.id;
  const bool base = c.role == core::analysis::MapRole::Base;
  if (index.column() == ParentColumn) {
    // The set parent, or the guess in italics and marked as one (core/model/lineage_tree.h).
    const auto links = session_->lineage();
    const auto& link = links[std::size_t(index.row())];
    const auto& all = session_->checkpoints();
    const QString name = link.parent && *link.parent < all.size() ? all[*link.parent].name : QString();
    if (role == Qt::DisplayRole)
      return name.isEmpty() ? QStringLiteral("—") : link.guessed ? tr("%1 (guess)").arg(name) : name;
    if (role == Qt::FontRole && link.guessed) {
      QFont f;
      f.setItalic(true);
      return f;
    }
    if (role == Qt::ToolTipRole)
      return link.guessed ? tr("Guessed from the names and configs; set it with Tuned From in the context menu.")
                          : tr("Set by you; Tuned From in the context menu changes it.");
    return {};
  }
  if (role == Qt::DisplayRole || role == Qt::EditRole) {
    switch (index.column()) {
      case NameColumn: return c.name;
      case RoleColumn: return base ? tr("base") : tr("tuned");
      case FormatColumn: return c.format;
      case PathColumn: return c.path;
    }
  }
  if (role == Qt::ToolTipRole) {
    QString tip = tr("<b>%1</b><br>%2<br>Lineage step %3 (drag to reorder; F2 to rename)")
                      .arg(c.name.toHtmlEscaped(), c.path.toHtmlEscaped())
                      .arg(index.row() + 1);
    if (!c.notes.isEmpty()) tip += QStringLiteral("<br><i>%1</i>").arg(c.notes.toHtmlEscaped());
    return tip;
  }
  if (role == Qt::FontRole && base) {
    QFont f;
    f.setBold(true);
    return f;
  }
  return {};
}

QVariant CheckpointsModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (role != Qt::DisplayRole) return {};
  if (orientation == Qt::Vertical) return section + 1;
  switch (section) {
    case NameColumn: return tr("Checkpoint");
    case RoleColumn: return tr("Role");
    case ParentColumn: return tr("Tuned From");
    case FormatColumn: return tr("Format");
    case PathColumn: return tr("Path");
  }
  return {};
}

Qt::ItemFlags CheckpointsModel::flags(const QModelIndex& index) const {
  Qt::ItemFlags f = QAbstractTableModel::flags(index) | Qt::ItemIsDropEnabled;
  if (!index.isValid()) return f;
  f |= Qt::ItemIsDragEnabled;
  if (index.column() == NameColumn) f |= Qt::ItemIsEditable;
  return f;
}

bool CheckpointsModel::setData(const QModelIndex& index, const QVariant& value, int role) {
  if (role != Qt::EditRole || index.column() != NameColumn) return false;
  session_->renameCheckpoint(index.data(IdRole).toLongLong(), value.toString());
  return true;
}

QStringList CheckpointsModel::mimeTypes() const { return {kMime}; }

QMimeData* CheckpointsModel::mimeData(const QModelIndexList& indexes) const {
  if (indexes.isEmpty()) return nullptr;
  auto* mime = new QMimeData;
  mime->setData(kMime, QByteArray::number(indexes.first().data(IdRole).toLongLong()));
  return mime;
}

bool CheckpointsModel::dropMimeData(const QMimeData* data, Qt::DropAction action, int row, int,
                                    const QModelIndex& parent) {
  if (action != Qt::MoveAction || !data->hasFormat(kMime)) return false;
  const qint64 id = data->data(kMime).toLongLong();
  if (row < 0) row = parent.isValid() ? parent.row() : rowCount();
  int from = -1;
  for (std::size_t i = 0; i < session_->checkpoints().size(); ++i)
    if (session_->checkpoints()[i].id == id) from = int(i);
  if (from < 0) return false;
  // Dropping below itself shifts the target up by one once the row is taken out.
  session_->moveCheckpoint(id, row > from ? row - 1 : row);
  // The Session already reordered (a move resets this model): tell the view not to remove the source row.
  return false;
}

}  // namespace widgets
