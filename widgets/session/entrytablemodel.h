#pragma once
// widgets::EntryTableModel: a table model over one of the Session's lists that follows its typed
// changes (entrychange.h): rows inserted, removed or edited in place, a reset only when the Session
// says so. Subclasses call beginEntryChange from entriesAboutToChange and endEntryChange from the
// list's own changed signal. GUI thread only.
#include <QAbstractTableModel>

#include "widgets/session/entrychange.h"

namespace widgets {

class EntryTableModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  using QAbstractTableModel::QAbstractTableModel;

 protected:
  void beginEntryChange(const EntryChange& change);
  void endEntryChange(const EntryChange& change);
};

}  // namespace widgets
