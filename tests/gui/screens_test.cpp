// Screenshots under Xvfb (a real X server): run by the gui.screenshots_under_xvfb CTest entry. Every view
// with a plausible run loaded, the dialogs, and the dark palette; saved to build/test-artifacts/ for a
// person to look at.
#include <gtest/gtest.h>

#include <QGuiApplication>
#include <QScrollArea>
#include <QScrollBar>
#include <QScreen>
#include <QSettings>
#include <QTabWidget>
#include <QTest>

#include "tests/gui/gui_helpers.h"
#include "tests/support/test_support.h"
#include "widgets/aboutdialog.h"
#include "widgets/lineageview.h"
#include "widgets/mainwindow.h"
#include "widgets/overviewview.h"
#include "widgets/rundialog.h"
#include "widgets/session.h"
#include "widgets/slicedialog.h"
#include "widgets/tokenstrip.h"

namespace {

bool realDisplay() { return QGuiApplication::platformName() == QStringLiteral("xcb"); }

void save(QWidget* w, const char* name) {
  QTest::qWait(150);
  const QPixmap shot = w->screen()->grabWindow(w->winId());
  ASSERT_FALSE(shot.isNull());
  EXPECT_TRUE(shot.save(QString::fromStdString((testsupport::artifacts_dir() / name).string())));
}

struct OpenWorkbench {
  std::shared_ptr<const core::analysis::RunResult> run = fixture::makeRun({.documents = 18, .prompt = true});
  std::shared_ptr<fixture::MemoryBackend> backend = std::make_shared<fixture::MemoryBackend>(run);
  widgets::MainWindow window{backend};

  bool open() {
    QSettings().clear();
    window.resize(1500, 950);
    window.show();
    if (!QTest::qWaitForWindowExposed(&window)) return false;
    window.openSession(backend->initial().path);
    if (!QTest::qWaitFor([&] { return window.session()->digest() != nullptr; }, 10000)) return false;
    // A token chosen, a note and a slice, as a researcher would leave them.
    window.session()->selection()->setDocument(1);
    window.session()->selection()->setToken(1, 10);
    window.session()->addAnnotation(1, 12, 16, QStringLiteral("RL collapses onto “happy” here"));
    widgets::SliceDefinition d;
    d.metric = widgets::Metric::KlBaseTuned;
    d.map = QStringLiteral("rl-happy");
    d.value = 0.8;
    window.session()->addSlice(QStringLiteral("rl moved a lot"), d);
    return true;
  }
  ~OpenWorkbench() {
    window.session()->undoStack()->setClean();
    QSettings().clear();
  }
};

}  // namespace

TEST(Screens, MainWindowInARealWindow) {
  if (!realDisplay()) GTEST_SKIP() << "needs a real X server (run through xvfb-run)";
  widgets::MainWindow window;
  window.resize(1400, 900);
  window.show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
  save(&window, "xvfb-mainwindow.png");
}

TEST(Screens, EveryViewWithARunLoaded) {
  if (!realDisplay()) GTEST_SKIP() << "needs a real X server (run through xvfb-run)";
  OpenWorkbench w;
  ASSERT_TRUE(w.open());
  const char* names[] = {"xvfb-overview.png", "xvfb-territory.png", "xvfb-map.png", "xvfb-lineage.png"};
  for (int i = 0; i < 4; ++i) {
    w.window.views()->setCurrentIndex(i);
    save(&w.window, names[i]);
  }
  // The charts below the fold, as one would scroll to them.
  w.window.views()->setCurrentIndex(widgets::MainWindow::OverviewTab);
  for (QScrollArea* area : w.window.overview()->findChildren<QScrollArea*>())
    area->verticalScrollBar()->setValue(area->verticalScrollBar()->maximum());
  save(&w.window, "xvfb-overview-charts.png");
  w.window.views()->setCurrentIndex(widgets::MainWindow::LineageTab);
  for (QScrollArea* area : w.window.lineage()->findChildren<QScrollArea*>())
    area->verticalScrollBar()->setValue(area->verticalScrollBar()->maximum());
  save(&w.window, "xvfb-lineage-bottom.png");
}

TEST(Screens, ViewsRestrictedToASliceInTheDarkPalette) {
  if (!realDisplay()) GTEST_SKIP() << "needs a real X server (run through xvfb-run)";
  OpenWorkbench w;
  ASSERT_TRUE(w.open());
  w.window.setDarkPalette(true);
  w.window.session()->selection()->setSlice(w.window.session()->slices().back().id);
  ASSERT_TRUE(guitest::waitForDigest(*w.window.session()));
  w.window.views()->setCurrentIndex(widgets::MainWindow::OverviewTab);
  save(&w.window, "xvfb-overview-slice-dark.png");
  w.window.views()->setCurrentIndex(widgets::MainWindow::TerritoryTab);
  save(&w.window, "xvfb-territory-slice-dark.png");
  w.window.views()->setCurrentIndex(widgets::MainWindow::MapTab);
  save(&w.window, "xvfb-map-slice-dark.png");
  w.window.setDarkPalette(false);
}

TEST(Screens, Dialogs) {
  if (!realDisplay()) GTEST_SKIP() << "needs a real X server (run through xvfb-run)";
  OpenWorkbench w;
  ASSERT_TRUE(w.open());
  widgets::RunDialog* run = w.window.createRunDialog();
  run->show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(run));
  save(run, "xvfb-run-dialog.png");
  run->close();
  QStringList names;
  for (std::size_t m = 0; m < w.run->maps.size(); ++m) names << w.window.session()->mapName(int(m));
  widgets::SliceDialog slice(w.run, names, &w.window);
  slice.show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(&slice));
  save(&slice, "xvfb-slice-dialog.png");
  widgets::AboutDialog about(&w.window);
  about.show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(&about));
  save(&about, "xvfb-about.png");
}
