#pragma once
// widgets::SessionDock: what the session holds, in sections: checkpoints (role, lineage order by drag
// or up/down, inline rename, notes), territories, runs (status; activate to show), prompts, slices
// (click to restrict every view), annotations (searchable; activate to jump to the span). Every
// change goes through the Session's undoable edits. GUI thread only.
#include <QDockWidget>

class QLineEdit;
class QTableView;
class QToolBox;

namespace widgets {

class Session;
class CheckpointsModel;
class SessionListModel;

class SessionDock : public QDockWidget {
  Q_OBJECT
 public:
  explicit SessionDock(Session* session, QWidget* parent = nullptr);

  QTableView* checkpoints() const { return checkpoints_; }
  QTableView* runs() const { return runs_; }
  QTableView* slices() const { return slices_; }
  QTableView* annotations() const { return annotations_; }
  QLineEdit* annotationSearch() const { return annotationSearch_; }
  QToolBox* sections() const { return sections_; }
  // Moves the selected checkpoint one step earlier (-1) or later (+1) in the lineage.
  void moveSelectedCheckpoint(int delta);

 Q_SIGNALS:
  void newRunRequested();
  void newSliceRequested();
  void addCheckpointsRequested();

 private:
  QWidget* checkpointsPage();
  QWidget* listPage(QTableView* view, const QList<QWidget*>& buttons);
  void checkpointMenu(const QPoint& pos);
  void sliceMenu(const QPoint& pos);
  void annotationMenu(const QPoint& pos);
  void promptMenu(const QPoint& pos);
  void jumpToAnnotation(const QModelIndex& index);

  Session* session_;
  QToolBox* sections_;
  CheckpointsModel* checkpointsModel_;
  QTableView* checkpoints_;
  QTableView* territories_;
  QTableView* runs_;
  QTableView* prompts_;
  QTableView* slices_;
  QTableView* annotations_;
  QLineEdit* annotationSearch_;
};

}  // namespace widgets
