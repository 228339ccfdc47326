#pragma once
// MainWindow: menus, docks and the central views. It wires widgets to models and owns no data:
// session state lives in the Session object, long work in JobsModel.
#include <QMainWindow>

class QTabWidget;
class QTreeWidget;
class QLabel;

namespace widgets {

class JobsModel;
class IssuesModel;

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  JobsModel* jobs() const { return jobs_; }
  IssuesModel* issues() const { return issues_; }
  QTabWidget* views() const { return views_; }

  // Light or dark palette, remembered in the settings.
  void setDarkPalette(bool dark);

 protected:
  void closeEvent(QCloseEvent* event) override;

 private:
  void createMenus();
  void createDocks();
  void restoreLayout();
  void saveLayout() const;
  void showAbout();

  JobsModel* jobs_;
  IssuesModel* issues_;
  QTabWidget* views_;
  QTreeWidget* sessionTree_ = nullptr;
  QLabel* jobsStatus_ = nullptr;
  QMenu* viewMenu_ = nullptr;
};

}  // namespace widgets
