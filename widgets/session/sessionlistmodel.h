#pragma once
// widgets::SessionListModel: one of the Session's short lists (territories, runs, prompts, slices, or
// annotations) as a table for the Session dock, kept in step with the Session's typed change signals
// (rows inserted, removed or edited; a reset only when the list is replaced as a whole).
// Read-only: edits go through Session's undoable methods. GUI thread only.

#include "widgets/session/entrytablemodel.h"

namespace widgets {

class Session;
struct AnnotationEntry;

class SessionListModel : public EntryTableModel {
  Q_OBJECT
 public:
  enum class Kind { Territories, Runs, Prompts, Slices, Annotations };
  enum Role { IdRole = Qt::UserRole + 1, SearchRole };

  SessionListModel(Kind kind, Session* session, QObject* parent = nullptr);
  Kind kind() const { return kind_; }
  // The row of the entry with this id, -1 when none.
  int rowOf(qint64 id) const;

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

 private:
  void aboutToChange(EntryList list, const EntryChange& change);
  void changed(const EntryChange& change);
  // Every row's look changed (the current run or slice, a loaded run's excerpts), not the rows.
  void refreshAll();
  QVariant cell(int row, int column, int role) const;
  QString excerptOf(const AnnotationEntry& a) const;

  Kind kind_;
  Session* session_;
};

}  // namespace widgets
