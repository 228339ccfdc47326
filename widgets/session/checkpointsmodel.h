#pragma once
// widgets::CheckpointsModel: the session's checkpoints in lineage order (row = order), for the Session
// dock. Names are edited inline; reordering by drag and drop or up/down becomes a Session undo command;
// roles change through Session too. The model never edits data itself; it follows the Session's typed
// changes (a row inserted, removed or edited; a reset only for moves and reopening). GUI thread only.

#include "widgets/session/entrytablemodel.h"

namespace widgets {

class Session;

class CheckpointsModel : public EntryTableModel {
  Q_OBJECT
 public:
  enum Column { NameColumn, RoleColumn, ParentColumn, FormatColumn, PathColumn, ColumnCount };
  enum Role { IdRole = Qt::UserRole + 1 };

  explicit CheckpointsModel(Session* session, QObject* parent = nullptr);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
  Qt::ItemFlags flags(const QModelIndex& index) const override;
  bool setData(const QModelIndex& index, const QVariant& value, int role) override;

  Qt::DropActions supportedDropActions() const override { return Qt::MoveAction; }
  QStringList mimeTypes() const override;
  QMimeData* mimeData(const QModelIndexList& indexes) const override;
  bool dropMimeData(const QMimeData* data, Qt::DropAction action, int row, int column,
                    const QModelIndex& parent) override;

 private:
  void aboutToChange(EntryList list, const EntryChange& change);
  void changed(const EntryChange& change);

  Session* session_;
};

}  // namespace widgets
