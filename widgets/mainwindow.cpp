#include "widgets/mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QLabel>
#include <QMenuBar>
#include <QSettings>
#include <QStatusBar>
#include <QStyleFactory>
#include <QTabWidget>
#include <QTreeWidget>

#include "widgets/aboutdialog.h"
#include "widgets/docks.h"
#include "widgets/issuesmodel.h"
#include "widgets/jobsmodel.h"

namespace widgets {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent), jobs_(new JobsModel(this)), issues_(new IssuesModel(this)), views_(new QTabWidget(this)) {
  setObjectName(QStringLiteral("mainWindow"));
  setWindowTitle(tr("Cartograph"));
  views_->setObjectName(QStringLiteral("views"));
  views_->setDocumentMode(true);
  auto* empty = new QLabel(tr("<h3>No session open</h3><p>Use <b>File → Open Session…</b> or "
                              "<b>File → Open Demo</b> to explore where tuning redrew a map.</p>"),
                           views_);
  empty->setAlignment(Qt::AlignCenter);
  views_->addTab(empty, tr("Overview"));
  setCentralWidget(views_);
  createDocks();
  createMenus();
  jobsStatus_ = new QLabel(tr("Ready"), this);
  statusBar()->addPermanentWidget(jobsStatus_);
  connect(jobs_, &JobsModel::runningCountChanged, this, [this](int running) {
    jobsStatus_->setText(running ? tr("%n job(s) running", nullptr, running) : tr("Ready"));
  });
  connect(issues_, &IssuesModel::issueAdded, this,
          [this](IssuesModel::Severity, const QString& message) { statusBar()->showMessage(message, 8000); });
  restoreLayout();
}

MainWindow::~MainWindow() = default;

void MainWindow::createDocks() {
  auto* sessionDock = new QDockWidget(tr("Session"), this);
  sessionDock->setObjectName(QStringLiteral("sessionDock"));
  sessionTree_ = new QTreeWidget(sessionDock);
  sessionTree_->setObjectName(QStringLiteral("sessionTree"));
  sessionTree_->setHeaderLabels({tr("Item"), tr("Detail")});
  for (const QString& group : {tr("Checkpoints"), tr("Territories"), tr("Runs"), tr("Prompts"), tr("Slices"),
                               tr("Annotations")})
    sessionTree_->addTopLevelItem(new QTreeWidgetItem(QStringList{group}));
  sessionDock->setWidget(sessionTree_);
  addDockWidget(Qt::LeftDockWidgetArea, sessionDock);

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
  QAction* quit = file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
  quit->setMenuRole(QAction::QuitRole);

  viewMenu_ = menuBar()->addMenu(tr("&View"));
  viewMenu_->setObjectName(QStringLiteral("viewMenu"));
  for (QDockWidget* dock : findChildren<QDockWidget*>()) viewMenu_->addAction(dock->toggleViewAction());
  viewMenu_->addSeparator();
  QAction* dark = viewMenu_->addAction(tr("&Dark Palette"));
  dark->setObjectName(QStringLiteral("darkPaletteAction"));
  dark->setCheckable(true);
  dark->setChecked(QSettings().value(QStringLiteral("view/dark"), false).toBool());
  connect(dark, &QAction::toggled, this, &MainWindow::setDarkPalette);

  QMenu* run = menuBar()->addMenu(tr("&Run"));
  run->setObjectName(QStringLiteral("runMenu"));
  run->addAction(tr("Cancel &All Jobs"), this, [this] { jobs_->cancelAll(); });

  QMenu* help = menuBar()->addMenu(tr("&Help"));
  help->setObjectName(QStringLiteral("helpMenu"));
  QAction* about = help->addAction(tr("&About Cartograph"), this, &MainWindow::showAbout);
  about->setMenuRole(QAction::AboutRole);
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
  p.setColor(QPalette::Button, window);
  p.setColor(QPalette::ButtonText, text);
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
  restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
  if (settings.value(QStringLiteral("view/dark"), false).toBool()) setDarkPalette(true);
}

void MainWindow::saveLayout() const {
  QSettings settings;
  settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
  settings.setValue(QStringLiteral("window/state"), saveState());
}

void MainWindow::closeEvent(QCloseEvent* event) {
  saveLayout();
  jobs_->cancelAll();
  jobs_->waitForAll(5000);
  event->accept();
}

}  // namespace widgets
