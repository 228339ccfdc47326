#include "widgets/shell/mainwindow.h"

#include "widgets/export/exportactions.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileDialog>
#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QUndoStack>

#include "widgets/charts/chartpanel.h"
#include "widgets/export/exportactions.h"
#include "widgets/shell/aboutdialog.h"
#include "widgets/shell/docks.h"
#include "widgets/shell/issuesmodel.h"
#include "widgets/shell/jobsmodel.h"
#include "widgets/lineage/lineageview.h"
#include "widgets/charts/lineagechart.h"
#include <QComboBox>
#include <QMenu>
#include <QTableView>
#include "widgets/map/scatterplot.h"
#include "widgets/studio/zoomstudio.h"
#include "widgets/map/mapview.h"
#include "widgets/overview/overviewview.h"
#include "widgets/shell/recentsessions.h"
#include "widgets/runs/rundialog.h"
#include "widgets/runs/runlauncher.h"
#include "widgets/session/session.h"
#include "widgets/session/sessionbackend.h"
#include "widgets/session/sessiondock.h"
#include "widgets/session/storebackend.h"
#include "widgets/session/slicedialog.h"
#include "widgets/studio/prompteditor.h"
#include "widgets/studio/shiftview.h"
#include "widgets/studio/samplepanel.h"
#include "widgets/studio/samplecolumns.h"
#include "widgets/studio/zoombars.h"
#include "widgets/studio/zoomstudio.h"
#include "widgets/export/figuremenu.h"
#include "widgets/lineage/lineageview.h"
#include "widgets/map/mapview.h"
#include "widgets/territory/tokenstrip.h"
#include "widgets/display/metric.h"
#include "widgets/preferences/preferencesdialog.h"
#include "widgets/territory/territoryview.h"

namespace widgets {

MainWindow::MainWindow(QWidget* parent) : MainWindow(std::make_shared<StoreBackend>(), parent) {}

MainWindow::MainWindow(std::shared_ptr<SessionBackend> backend, QWidget* parent)
    : QMainWindow(parent), jobs_(new JobsModel(this)), issues_(new IssuesModel(this)),
      session_(new Session(jobs_, std::move(backend), this)), views_(new QTabWidget(this)),
      launcher_(std::make_unique<UnavailableRunLauncher>(session_)) {
  setObjectName(QStringLiteral("mainWindow"));
  setAcceptDrops(true);
  ColorScale::setDefaultPalette(Preferences::load().palette);  // before the views make their scales
  exports_ = new ExportActions(session_, jobs_, issues_, this);
  createViews();
  createDocks();
  createMenus();
  // The Overview's charts offer the exportable figure they show (context menu).
  const QStringList figures = {QStringLiteral("delta-nll"), QStringLiteral("kl"),       QStringLiteral("entropy"),
                               QStringLiteral("reliability"), QStringLiteral("metadata"), QStringLiteral("quadrants")};
  QList<ChartPanel*> charts = overview_->charts();
  QStringList names = figures.mid(0, charts.size());
  for (LineageChart* chart : lineage_->charts()) charts << chart, names << QStringLiteral("lineage");
  for (qsizetype i = 0; i < charts.size() && i < names.size(); ++i) {
    charts[i]->setFigureName(names[i]);
    connect(charts[i], &ChartPanel::figureExportRequested, exports_, [this](const QString& f) { exports_->chooseFigureExport(f); });
    connect(charts[i], &ChartPanel::figureCopyRequested, exports_, [this](const QString& f) { exports_->copyFigure(f); });
  }
  offerFigures();
  wireIssues();
  jobsStatus_ = new QLabel(tr("Ready"), this);
  selectionStatus_ = new QLabel(this);
  statusBar()->addPermanentWidget(selectionStatus_);
  statusBar()->addPermanentWidget(jobsStatus_);
  connect(jobs_, &JobsModel::runningCountChanged, this, [this](int running) {
    jobsStatus_->setText(running ? tr("%n job(s) running", nullptr, running) : tr("Ready"));
  });
  Selection* sel = session_->selection();
  connect(sel, &Selection::documentChanged, this, &MainWindow::updateSelectionStatus);
  connect(sel, &Selection::tokenChanged, this, &MainWindow::updateSelectionStatus);
  connect(sel, &Selection::sliceChanged, this, &MainWindow::updateSelectionStatus);
  connect(sel, &Selection::runChanged, this, &MainWindow::updateTitle);
  connect(session_, &Session::opened, this, &MainWindow::updateTitle);
  connect(session_, &Session::saved, this, &MainWindow::updateTitle);
  connect(session_, &Session::copySaved, this, [this](const QString& path) {
    statusBar()->showMessage(tr("Saved a copy as %1").arg(QDir::toNativeSeparators(path)), 8000);
  });
  connect(session_, &Session::closed, this, &MainWindow::updateTitle);
  connect(session_, &Session::modifiedChanged, this, &MainWindow::updateTitle);
  updateTitle();
  restoreLayout();
}

MainWindow::~MainWindow() = default;

// Every other view that shows an exportable figure gets Export Figure… and Copy Figure in its context
// menu, with the options it shows (see docs/ARCHITECTURE.md, "Figures and reports").
void MainWindow::offerFigures() {
  FigureMenu::attach(map_->plot(), QStringLiteral("map"), exports_, [this] {
    FigureOptions o = exports_->currentFigureOptions();
    Metric metric = Metric::Nll;
    if (map_->metricBox()->currentIndex() >= 0) metric = Metric(map_->metricBox()->currentData().toInt());
    o.metric = metricKey(metric);
    if (map_->mapBox()->currentIndex() >= 0) o.map = map_->mapBox()->currentData().toInt();
    return o;
  });
  connect(territory_->strip(), &TokenStrip::menuAboutToShow, this, [this](QMenu* menu, int first, int last) {
    FigureOptions o = exports_->currentFigureOptions();
    if (first >= 0) o.start = first, o.length = std::clamp(last - first + 1, 1, 400);
    // What the strip shows: its metric and colour range.
    o.metric = metricKey(territory_->strip()->metric());
    o.scalePercentile = territory_->strip()->scaleRange().percentile;
    o.scalePerMap = territory_->strip()->scaleRange().perMap;
    FigureMenu::addFigureActions(*menu, QStringLiteral("strip"), exports_, o);
  });
  const auto zoomOptions = [this] {
    FigureOptions o = exports_->currentFigureOptions();
    if (const auto zoom = zoomStudio_->lastZoom()) o.zoom = zoom->zoom_id;
    o.prompt = zoomStudio_->tokenPrompt();
    return o;
  };
  FigureMenu::attach(zoomStudio_->bars(), QStringLiteral("zoom-token"), exports_, zoomOptions);
  FigureMenu::attach(zoomStudio_->rankingView()->viewport(), QStringLiteral("zoom-ranking"), exports_, zoomOptions);
  FigureMenu::attach(sampling_->columns(), QStringLiteral("samples"), exports_, [this] {
    FigureOptions o = exports_->currentFigureOptions();
    o.sampleSet = sampling_->shownSetId();
    return o;
  });
}

void MainWindow::createViews() {
  views_->setObjectName(QStringLiteral("views"));
  views_->setDocumentMode(true);
  overview_ = new OverviewView(session_, views_);
  territory_ = new TerritoryView(session_, views_);
  map_ = new MapView(session_, views_);
  lineage_ = new LineageView(session_, views_);
  views_->addTab(overview_, tr("Overview"));
  views_->addTab(territory_, tr("Territory"));
  views_->addTab(map_, tr("Map"));
  views_->addTab(lineage_, tr("Lineage"));
  views_->setTabToolTip(OverviewTab, tr("Every map's summary and distributions over the current slice"));
  views_->setTabToolTip(TerritoryTab, tr("The documents token by token, one coloured row per map"));
  views_->setTabToolTip(MapTab, tr("The base map's hidden states projected to 2-D"));
  views_->setTabToolTip(LineageTab, tr("Each metric along the ordered checkpoints"));
  // The Studio: author prompts and see what they do to the maps; each part is a tab of its own.
  studio_ = new QTabWidget(views_);
  studio_->setObjectName(QStringLiteral("studio"));
  studio_->addTab(new PromptEditor(session_, studio_), tr("Prompts"));
  studio_->addTab(new ShiftView(session_, studio_), tr("Token Shift"));
  zoomStudio_ = new ZoomStudio(session_, studio_);
  studio_->addTab(zoomStudio_, tr("Zoom"));
  studio_->setTabToolTip(studio_->indexOf(zoomStudio_),
                         tr("Prompts zooming the base map: their ranking, and zoom at the selected token"));
  sampling_ = new SamplePanel(session_, studio_);
  studio_->setTabToolTip(studio_->addTab(sampling_, tr("Sampling")),
                         tr("The maps continuing one prompt side by side, amplified, cross-scored"));
  views_->addTab(studio_, tr("Studio"));
  views_->setTabToolTip(StudioTab, tr("The prompt library, and what prompts and tuning do to the maps"));
  setCentralWidget(views_);
  connect(map_, &MapView::showInTerritoryRequested, this, [this] { views_->setCurrentIndex(TerritoryTab); });
}

void MainWindow::createDocks() {
  sessionDock_ = new SessionDock(session_, this);
  addDockWidget(Qt::LeftDockWidgetArea, sessionDock_);
  connect(sessionDock_, &SessionDock::newRunRequested, this, &MainWindow::newRun);
  connect(sessionDock_, &SessionDock::newSliceRequested, this, &MainWindow::newSlice);
  connect(sessionDock_, &SessionDock::addCheckpointsRequested, this, &MainWindow::addCheckpoints);
  auto* jobsDock = new JobsDock(jobs_, this);
  addDockWidget(Qt::BottomDockWidgetArea, jobsDock);
  auto* issuesDock = new IssuesDock(issues_, this);
  addDockWidget(Qt::BottomDockWidgetArea, issuesDock);
  tabifyDockWidget(jobsDock, issuesDock);
  jobsDock->raise();
}

void MainWindow::createMenus() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  file->setObjectName(QStringLiteral("fileMenu"));
  file->addAction(tr("&New Session…"), QKeySequence::New, this, &MainWindow::newSession);
  file->addAction(tr("&Open Session…"), QKeySequence::Open, this, &MainWindow::chooseSession);
  recentMenu_ = file->addMenu(tr("Open &Recent"));
  recentMenu_->setObjectName(QStringLiteral("recentMenu"));
  connect(recentMenu_, &QMenu::aboutToShow, this, [this] {
    recentMenu_->clear();
    for (const QString& path : recentSessions())
      recentMenu_->addAction(path, this, [this, path] { openSession(path); });
    if (recentMenu_->isEmpty()) recentMenu_->addAction(tr("(none)"))->setEnabled(false);
    else recentMenu_->addAction(tr("Clear List"), this, [] { forgetRecentSessions(); });
  });
  QAction* demo = file->addAction(tr("Open &Demo"), this, &MainWindow::openDemo);
  demo->setObjectName(QStringLiteral("openDemoAction"));
  demo->setToolTip(tr("Build the small demo checkpoints and session, then open it"));
  file->addAction(tr("&Save"), QKeySequence::Save, session_, &Session::save);
  file->addAction(tr("Save &As…"), QKeySequence::SaveAs, this, [this] { saveSessionCopy(true); })
      ->setObjectName(QStringLiteral("saveAsAction"));
  file->addAction(tr("Save a Cop&y…"), this, [this] { saveSessionCopy(false); })
      ->setObjectName(QStringLiteral("saveCopyAction"));
  file->addAction(tr("&Close Session"), QKeySequence::Close, this, [this] {
    if (confirmDiscard()) session_->close();
  });
  file->addSeparator();
  file->addAction(tr("Add &Checkpoints…"), this, &MainWindow::addCheckpoints);
  file->addAction(tr("Add &Lineage Folder…"), this, &MainWindow::addLineageFolder);
  file->addSeparator();
  file->addAction(tr("&Export Figure…"), QKeySequence(tr("Ctrl+E")), exports_, [this] { exports_->chooseFigureExport(); })
      ->setObjectName(QStringLiteral("exportFigureAction"));
  file->addAction(tr("Export &Token Data…"), exports_, &ExportActions::chooseTokenExport)
      ->setObjectName(QStringLiteral("exportTokensAction"));
  file->addSeparator();
  QAction* quit = file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
  quit->setMenuRole(QAction::QuitRole);

  QMenu* edit = menuBar()->addMenu(tr("&Edit"));
  edit->setObjectName(QStringLiteral("editMenu"));
  QAction* undo = session_->undoStack()->createUndoAction(this, tr("&Undo"));
  undo->setShortcut(QKeySequence::Undo);
  QAction* redo = session_->undoStack()->createRedoAction(this, tr("&Redo"));
  redo->setShortcut(QKeySequence::Redo);
  edit->addAction(undo);
  edit->addAction(redo);
  edit->addSeparator();
  edit->addAction(tr("New &Slice…"), QKeySequence(tr("Ctrl+L")), this, &MainWindow::newSlice);
  edit->addAction(tr("&Annotate Selection…"), QKeySequence(tr("Ctrl+M")), territory_,
                  &TerritoryView::promptForAnnotation);
  edit->addSeparator();
  QAction* preferences = edit->addAction(tr("&Preferences…"), QKeySequence::Preferences, this,
                                         [this] { createPreferencesDialog()->open(); });
  preferences->setObjectName(QStringLiteral("preferencesAction"));
  preferences->setMenuRole(QAction::PreferencesRole);

  viewMenu_ = menuBar()->addMenu(tr("&View"));
  viewMenu_->setObjectName(QStringLiteral("viewMenu"));
  for (int i = 0; i < views_->count(); ++i)
    viewMenu_->addAction(views_->tabText(i), QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)), this,
                         [this, i] { views_->setCurrentIndex(i); });
  viewMenu_->addSeparator();
  for (QDockWidget* dock : findChildren<QDockWidget*>()) viewMenu_->addAction(dock->toggleViewAction());
  viewMenu_->addSeparator();
  QAction* dark = viewMenu_->addAction(tr("&Dark Palette"));
  dark->setObjectName(QStringLiteral("darkPaletteAction"));
  dark->setCheckable(true);
  dark->setChecked(QSettings().value(QStringLiteral("view/dark"), false).toBool());
  connect(dark, &QAction::toggled, this, &MainWindow::setDarkPalette);

  QMenu* run = menuBar()->addMenu(tr("&Run"));
  run->setObjectName(QStringLiteral("runMenu"));
  run->addAction(tr("&New Run…"), QKeySequence(tr("Ctrl+R")), this, &MainWindow::newRun);
  run->addAction(tr("Cancel &All Jobs"), this, [this] { jobs_->cancelAll(); });

  QMenu* report = menuBar()->addMenu(tr("Re&port"));
  report->setObjectName(QStringLiteral("reportMenu"));
  report->addAction(tr("&Export Report…"), exports_, &ExportActions::chooseReportExport)
      ->setObjectName(QStringLiteral("exportReportAction"));

  QMenu* help = menuBar()->addMenu(tr("&Help"));
  help->setObjectName(QStringLiteral("helpMenu"));
  QAction* about = help->addAction(tr("&About Cartograph"), this, &MainWindow::showAbout);
  about->setMenuRole(QAction::AboutRole);
}

void MainWindow::wireIssues() {
  // Every warning and error reaches the Issues dock: the Session's own, and every failed job.
  connect(session_, &Session::issue, issues_, &IssuesModel::add);
  connect(jobs_, &JobsModel::jobFinished, this, [this](int id, JobsModel::State state, const QString& message) {
    if (state != JobsModel::State::Failed) return;
    QString title;
    for (int r = 0; r < jobs_->rowCount(); ++r)
      if (jobs_->index(r, 0).data(JobsModel::JobIdRole).toInt() == id) title = jobs_->index(r, 0).data().toString();
    issues_->add(IssuesModel::Severity::Error, title, message);
  });
  connect(issues_, &IssuesModel::issueAdded, this,
          [this](IssuesModel::Severity, const QString& message) { statusBar()->showMessage(message, 8000); });
}

void MainWindow::setRunLauncher(std::unique_ptr<RunLauncher> launcher) { launcher_ = std::move(launcher); }

void MainWindow::openSession(const QString& path) {
  if (!confirmDiscard()) return;
  rememberSession(path);
  session_->open(path);
}

void MainWindow::chooseSession() {
  const QString path = QFileDialog::getOpenFileName(this, tr("Open Session"), {}, tr("Cartograph sessions (*.cartograph)"));
  if (!path.isEmpty()) openSession(path);
}

void MainWindow::newSession() {
  if (!confirmDiscard()) return;
  QString path = QFileDialog::getSaveFileName(this, tr("New Session"), tr("untitled.cartograph"),
                                              tr("Cartograph sessions (*.cartograph)"));
  if (path.isEmpty()) return;
  if (!path.endsWith(QLatin1String(".cartograph"))) path += QLatin1String(".cartograph");
  rememberSession(path);
  session_->create(path);
}

void MainWindow::saveSessionCopy(bool moveThere) {
  if (!session_->isOpen()) return;
  const QFileInfo current(session_->path());
  QString path = QFileDialog::getSaveFileName(
      this, moveThere ? tr("Save Session As") : tr("Save a Copy of the Session"),
      current.dir().filePath(current.completeBaseName() + (moveThere ? QString() : tr(" copy")) +
                             QStringLiteral(".cartograph")),
      tr("Cartograph sessions (*.cartograph)"));
  if (path.isEmpty()) return;
  if (!path.endsWith(QLatin1String(".cartograph"))) path += QLatin1String(".cartograph");
  if (QFileInfo(path).absoluteFilePath() == current.absoluteFilePath()) {
    if (moveThere) session_->save();  // "Save As" onto itself is a save
    return;
  }
  rememberSession(path);
  if (moveThere) session_->saveAs(path);
  else session_->saveCopy(path);
}

void MainWindow::openDemo() {
  if (!demo_) {
    issues_->add(IssuesModel::Severity::Error, tr("Demo"), tr("This build cannot make the demo session yet."));
    return;
  }
  auto demo = demo_;
  jobs_->start<QString>(tr("Build demo"), [demo](core::Job& job) { return demo(job); }, this,
                        [this](core::Result<QString> r) {
                          if (r) openSession(*r);
                        });
}

RunDialog* MainWindow::createRunDialog() {
  auto* dialog = new RunDialog(session_->checkpoints(), session_->prompts(), this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  connect(dialog, &RunDialog::runRequested, this, [this](const RunRequest& request) { launcher_->launch(request); });
  return dialog;
}

void MainWindow::newRun() { createRunDialog()->open(); }

PreferencesDialog* MainWindow::createPreferencesDialog() {
  auto* dialog = new PreferencesDialog(Preferences::load(), this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  connect(dialog, &QDialog::accepted, this, [this, dialog] {
    const Preferences chosen = dialog->preferences();
    chosen.save();
    applyPreferences(chosen);
  });
  return dialog;
}

void MainWindow::applyPreferences(const Preferences& preferences) {
  if (preferences.palette == ColorScale::defaultPalette()) return;
  ColorScale::setDefaultPalette(preferences.palette);
  // Every view that colours by a metric (token strip, map, their legends, charts) already remakes its
  // scale when the widget palette changes (light/dark); the colour palette is announced the same way.
  for (QWidget* w : findChildren<QWidget*>()) {
    QEvent changed(QEvent::PaletteChange);
    QCoreApplication::sendEvent(w, &changed);
  }
}

void MainWindow::newSlice() {
  const auto run = session_->currentRun();
  QStringList names;
  if (run)
    for (std::size_t m = 0; m < run->maps.size(); ++m) names << session_->mapName(int(m));
  auto* dialog = new SliceDialog(run, names, this, session_->slices());
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  connect(dialog, &QDialog::accepted, this, [this, dialog] {
    const qint64 id = session_->addSlice(dialog->name(), dialog->definition());
    session_->selection()->setSlice(id);
  });
  dialog->open();
}

void MainWindow::addCheckpoints() {
  const QString folder = QFileDialog::getExistingDirectory(this, tr("Add Checkpoint Folder"));
  if (!folder.isEmpty()) session_->addCheckpoints({folder});
}

void MainWindow::addLineageFolder() {
  const QString folder = QFileDialog::getExistingDirectory(this, tr("Add Lineage Folder (step1000/ … step143000/)"));
  if (!folder.isEmpty()) session_->addLineage(folder);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
  if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
  // Dropped checkpoint folders and files join the session (a .cartograph file opens instead).
  QStringList checkpoints;
  for (const QUrl& url : event->mimeData()->urls()) {
    const QString path = url.toLocalFile();
    if (path.isEmpty()) continue;
    if (path.endsWith(QLatin1String(".cartograph"))) {
      openSession(path);
      event->acceptProposedAction();
      return;
    }
    checkpoints << path;
  }
  if (checkpoints.isEmpty()) return;
  session_->addCheckpoints(checkpoints);
  event->acceptProposedAction();
}

void MainWindow::updateTitle() {
  const RunEntry* run = session_->runEntry(session_->selection()->run());
  QString title = session_->isOpen() ? QFileInfo(session_->path()).fileName() + QStringLiteral("[*]") : tr("No session");
  if (run) title += QStringLiteral(" — ") + run->name;
  setWindowTitle(title + QStringLiteral(" — Cartograph"));
  setWindowModified(session_->isModified());
}

void MainWindow::updateSelectionStatus() {
  const Selection* sel = session_->selection();
  const auto run = session_->currentRun();
  QStringList parts;
  if (run && sel->document() >= 0 && std::size_t(sel->document()) < run->documents.size())
    parts << QString::fromStdString(run->documents[std::size_t(sel->document())].name);
  if (sel->position() >= 0) parts << tr("token %1").arg(sel->position() + 1);
  if (const SliceEntry* s = session_->slice(sel->slice())) parts << tr("slice: %1").arg(s->name);
  selectionStatus_->setText(parts.join(QStringLiteral(" · ")));
}

bool MainWindow::confirmDiscard() {
  if (!session_->isModified()) return true;
  const auto answer = QMessageBox::question(this, tr("Unsaved Changes"),
                                            tr("Save the changes to %1 first?").arg(QFileInfo(session_->path()).fileName()),
                                            QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel);
  if (answer == QMessageBox::Save) session_->save();
  return answer != QMessageBox::Cancel;
}

void MainWindow::setDarkPalette(bool dark) {
  QSettings().setValue(QStringLiteral("view/dark"), dark);
  if (!dark) {
    QApplication::setPalette(QApplication::style()->standardPalette());
    return;
  }
  QPalette p;
  const QColor window(45, 45, 48), base(30, 30, 32), text(220, 220, 220), highlight(42, 130, 218);
  p.setColor(QPalette::Window, window);
  p.setColor(QPalette::WindowText, text);
  p.setColor(QPalette::Base, base);
  p.setColor(QPalette::AlternateBase, window);
  p.setColor(QPalette::ToolTipBase, base);
  p.setColor(QPalette::ToolTipText, text);
  p.setColor(QPalette::Text, text);
  p.setColor(QPalette::PlaceholderText, QColor(150, 150, 150));
  p.setColor(QPalette::Button, window);
  p.setColor(QPalette::ButtonText, text);
  p.setColor(QPalette::Mid, QColor(90, 90, 95));
  p.setColor(QPalette::Midlight, QColor(70, 70, 74));
  p.setColor(QPalette::Highlight, highlight);
  p.setColor(QPalette::HighlightedText, Qt::white);
  p.setColor(QPalette::Link, highlight.lighter(130));
  p.setColor(QPalette::Disabled, QPalette::Text, QColor(128, 128, 128));
  p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(128, 128, 128));
  QApplication::setPalette(p);
}

void MainWindow::showAbout() {
  AboutDialog dialog(this);
  dialog.exec();
}

void MainWindow::restoreLayout() {
  QSettings settings;
  if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray())) resize(1400, 900);
  if (!restoreState(settings.value(QStringLiteral("window/state")).toByteArray())) {
    // First start: the views get the room; the Jobs and Issues docks a strip at the bottom.
    const auto docks = findChildren<QDockWidget*>();
    for (QDockWidget* dock : docks) {
      if (dockWidgetArea(dock) == Qt::BottomDockWidgetArea) resizeDocks({dock}, {150}, Qt::Vertical);
      if (dock == sessionDock_) resizeDocks({dock}, {290}, Qt::Horizontal);
    }
  }
  views_->setCurrentIndex(settings.value(QStringLiteral("window/view"), 0).toInt());
  if (settings.value(QStringLiteral("view/dark"), false).toBool()) setDarkPalette(true);
}

void MainWindow::saveLayout() const {
  QSettings settings;
  settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
  settings.setValue(QStringLiteral("window/state"), saveState());
  settings.setValue(QStringLiteral("window/view"), views_->currentIndex());
}

void MainWindow::closeEvent(QCloseEvent* event) {
  if (!confirmDiscard()) {
    event->ignore();
    return;
  }
  saveLayout();
  jobs_->cancelAll();
  jobs_->waitForAll(5000);
  event->accept();
}

}  // namespace widgets
