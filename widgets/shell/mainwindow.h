#pragma once
// MainWindow: menus, docks and the central views. It wires widgets to the Session and to each other's
// signals and owns no data: session state lives in the Session, long work in JobsModel, the engine
// behind a RunLauncher, the demo behind a DemoBuilder (both plugged in by app/gui).
#include <QMainWindow>
#include <functional>
#include <memory>

#include "core/error.h"
#include "core/jobs/job.h"

class QTabWidget;
class QLabel;

namespace widgets {

class JobsModel;
class IssuesModel;
class Session;
class SessionBackend;
class SessionDock;
class RunLauncher;
class RunDialog;
class OverviewView;
class TerritoryView;
class MapView;
class LineageView;
class ZoomStudio;
class SamplePanel;
class ExportActions;
class PreferencesDialog;
struct Preferences;

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  // Builds the demo session on a worker and returns its path (injected: the demo lives in app/).
  using DemoBuilder = std::function<core::Result<QString>(core::Job&)>;
  enum ViewIndex { OverviewTab, TerritoryTab, MapTab, LineageTab, StudioTab };

  explicit MainWindow(QWidget* parent = nullptr);  // sessions are `.cartograph` files (StoreBackend)
  explicit MainWindow(std::shared_ptr<SessionBackend> backend, QWidget* parent = nullptr);
  ~MainWindow() override;

  JobsModel* jobs() const { return jobs_; }
  IssuesModel* issues() const { return issues_; }
  Session* session() const { return session_; }
  ExportActions* exports() const { return exports_; }
  QTabWidget* views() const { return views_; }
  SessionDock* sessionDock() const { return sessionDock_; }
  OverviewView* overview() const { return overview_; }
  TerritoryView* territory() const { return territory_; }
  MapView* map() const { return map_; }
  LineageView* lineage() const { return lineage_; }
  // The Studio: one tab per part (Prompts, Token Shift, Zoom, Sampling).
  QTabWidget* studio() const { return studio_; }
  ZoomStudio* zoomStudio() const { return zoomStudio_; }
  SamplePanel* samplePanel() const { return sampling_; }

  void setRunLauncher(std::unique_ptr<RunLauncher> launcher);
  void setDemoBuilder(DemoBuilder builder) { demo_ = std::move(builder); }
  // Opens a session file (asynchronously) and remembers it in File → Open Recent.
  void openSession(const QString& path);
  // Builds (or finds cached) the demo on a worker, with progress in the Jobs dock, then opens it.
  void openDemo();
  // A Run dialog filled from the session (not shown); accepting it launches the run.
  RunDialog* createRunDialog();
  // Edit → Preferences… (not shown); OK stores the preferences and applies them.
  PreferencesDialog* createPreferencesDialog();
  // Applies what takes effect at once: the colour palette (every view recolours). Run settings are
  // read by each new Run dialog, the cache folder by Open Demo, the language at the next start.
  void applyPreferences(const Preferences& preferences);
  // Light or dark palette, remembered in the settings.
  void setDarkPalette(bool dark);

 protected:
  void closeEvent(QCloseEvent* event) override;
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;

 private:
  void createViews();
  void offerFigures();
  void createDocks();
  void createMenus();
  void wireIssues();
  void restoreLayout();
  void saveLayout() const;
  void showAbout();
  void newSession();
  void chooseSession();
  void newRun();
  void newSlice();
  void addCheckpoints();
  void addLineageFolder();
  void saveSessionCopy(bool moveThere);  // File → Save As… / Save a Copy…
  void updateTitle();
  void updateSelectionStatus();
  bool confirmDiscard();

  JobsModel* jobs_;
  IssuesModel* issues_;
  Session* session_;
  QTabWidget* views_;
  SessionDock* sessionDock_ = nullptr;
  OverviewView* overview_ = nullptr;
  TerritoryView* territory_ = nullptr;
  MapView* map_ = nullptr;
  LineageView* lineage_ = nullptr;
  QTabWidget* studio_ = nullptr;
  ZoomStudio* zoomStudio_ = nullptr;
  SamplePanel* sampling_ = nullptr;
  ExportActions* exports_ = nullptr;
  QLabel* jobsStatus_ = nullptr;
  QLabel* selectionStatus_ = nullptr;
  QMenu* viewMenu_ = nullptr;
  QMenu* recentMenu_ = nullptr;
  std::unique_ptr<RunLauncher> launcher_;
  DemoBuilder demo_;
};

}  // namespace widgets
