#pragma once
// widgets::PromptsModel: the session's prompt library as a table (name, tags, versions, note), for the
// Studio's prompt editor. Read-only: edits go through the Session's undo stack. It follows the
// Session's typed changes (rows inserted, removed or edited in place). GUI thread only.
#include "widgets/session/entrytablemodel.h"

namespace widgets {

class Session;

class PromptsModel : public EntryTableModel {
  Q_OBJECT
 public:
  enum Column { NameColumn, TagsColumn, VersionsColumn, NoteColumn, ColumnCount };
  enum Role { IdRole = Qt::UserRole + 1 };

  explicit PromptsModel(Session* session, QObject* parent = nullptr);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
  // The row of prompt `id`, or -1.
  int rowOf(qint64 id) const;

 private:
  Session* session_;
};

}  // namespace widgets
