// Opening a session in a shown window, as a user does: the event loop keeps running while the run is
// read, summarised and drawn, and the views in background tabs draw their charts when their tab is
// chosen, not before (the Lineage view's fifteen charts laid out on every change, unseen, made the
// longest gap of an open 140-175 ms here; the visible Overview's own drawing remains).
#include <gtest/gtest.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSettings>
#include <QTabWidget>
#include <QTest>

#include "tests/gui/gui_helpers.h"
#include "tests/support/latencyprobe.h"
#include "widgets/charts/lineagechart.h"
#include "widgets/lineage/lineageview.h"
#include "widgets/shell/mainwindow.h"

namespace {

bool anyLines(const widgets::LineageView* view) {
  for (const widgets::LineageChart* chart : view->charts())
    if (!chart->branchLines().isEmpty()) return true;
  return false;
}

}  // namespace

TEST(Opening, TheEventLoopNeverStallsWhileASessionOpensAndBackgroundTabsDrawWhenChosen) {
  QSettings().clear();
  fixture::RunSpec spec;
  spec.prompt = true;  // four maps: base, two tuned, the zoomed base
  auto backend = std::make_shared<fixture::MemoryBackend>(fixture::makeRun(spec));
  widgets::MainWindow window(backend);
  window.resize(1400, 900);
  window.show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
  window.views()->setCurrentIndex(widgets::MainWindow::OverviewTab);
  QCoreApplication::sendPostedEvents();
  QCoreApplication::processEvents();

  // Opens the session and returns the longest event-loop gap until what opening queued (layout,
  // painting) has run.
  const auto openMeasured = [&] {
    testsupport::LatencyProbe probe(5);
    probe.start();
    EXPECT_TRUE(guitest::openAndWait(*window.session(), *backend));
    QCoreApplication::sendPostedEvents();
    QCoreApplication::processEvents();
    QTest::qWait(50);
    probe.stop();
    return probe.maxGapMs();
  };
  // The first open in a process also pays Qt's one-time costs of drawing new content (glyph and style
  // caches: ~100 ms here, in QRasterPaintEngine and harfbuzz), which no code of ours decides; from
  // the second open on, what remains is ours (the views' refreshes, the charts' layout).
  const double firstMs = openMeasured();
  window.session()->close();
  QCoreApplication::processEvents();
  const double againMs = openMeasured();
  QElapsedTimer paint;
  paint.start();
  window.repaint();
  const double paintMs = double(paint.nsecsElapsed()) / 1e6;
  std::cout << "[ measured ] longest event-loop gap while a four-map session opened: " << firstMs
            << " ms the first time, " << againMs << " ms the second; one full repaint of the window: " << paintMs
            << " ms\n";
  // Here 55-65 ms from the second open on (the same test with every view refreshing at once: 103-107
  // ms; the first open 95-110 ms against 140-175). The bound is wider than the 100 ms the views aim
  // for because a busier CI host has measured 1.7x these gaps; it still catches work that blocks
  // (a query or a computation on the GUI thread costs seconds on a real session).
  EXPECT_LT(againMs, 250.0) << "opening the session stalled the event loop";

  widgets::LineageView* lineage = window.lineage();
  EXPECT_FALSE(anyLines(lineage)) << "the Lineage tab is in the background: its charts wait until it is chosen";
  window.views()->setCurrentIndex(widgets::MainWindow::LineageTab);
  EXPECT_TRUE(anyLines(lineage)) << "choosing the tab draws the charts at once";
  // A change made while the tab is in the background is drawn when it is chosen again: a closed
  // session leaves no lines.
  const auto before = lineage->charts().front()->branchLines();
  window.views()->setCurrentIndex(widgets::MainWindow::OverviewTab);
  window.session()->close();
  window.views()->setCurrentIndex(widgets::MainWindow::LineageTab);
  EXPECT_FALSE(anyLines(lineage)) << "a closed session leaves no lines behind, even drawn late";
  EXPECT_FALSE(before.isEmpty());
}
