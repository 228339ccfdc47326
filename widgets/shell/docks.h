#pragma once
// The dock widgets around the views: Jobs (progress, ETA, cancel) and Issues (warnings, errors).
#include <QDockWidget>

class QTableView;

namespace widgets {

class JobsModel;
class IssuesModel;

class JobsDock : public QDockWidget {
  Q_OBJECT
 public:
  JobsDock(JobsModel* model, QWidget* parent = nullptr);
  QTableView* view() const { return view_; }

 private:
  QTableView* view_;
};

class IssuesDock : public QDockWidget {
  Q_OBJECT
 public:
  IssuesDock(IssuesModel* model, QWidget* parent = nullptr);
  QTableView* view() const { return view_; }

 private:
  QTableView* view_;
};

}  // namespace widgets
