// The zoom studio on the demo's maps (tiny preset, opened through File > Open Demo as a user would):
// a zoom run with three of the library's prompts on a worker, its ranking (sortable, the same rows
// the session stored), the best prompt per category, and zoom at the selected token agreeing with the
// zoom run's stored KL there. The Screens* test saves what a person sees under Xvfb.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>

#include <QComboBox>
#include <QGuiApplication>
#include <QListWidget>
#include <QScreen>
#include <QSettings>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

#include "core/demo/demo.h"
#include "core/store/session_file.h"
#include "core/store/zoom_store.h"
#include "tests/support/test_support.h"
#include "widgets/session/selection.h"
#include "widgets/session/session.h"
#include "widgets/shell/mainwindow.h"
#include "widgets/studio/rankingmodel.h"
#include "widgets/studio/zoombars.h"
#include "widgets/studio/zoomstudio.h"
#include "widgets/territory/territoryview.h"
#include "widgets/territory/tokenstrip.h"

namespace {

// The tiny demo, built once into the build tree under a lock (the unit tier's zoom tests share it) and
// opened from a copy of its session, so the zoom runs written here touch no other test's file.
widgets::MainWindow::DemoBuilder zoomStudioDemo() {
  static testsupport::TempDir folder;
  return [](core::Job& job) -> core::Result<QString> {
    core::demo::DemoOptions options;
    options.recipe = core::demo::DemoRecipe::tiny();
    options.out = testsupport::artifacts_dir() / "zoom-demo";
    const int lock = ::open((testsupport::artifacts_dir() / "zoom-demo.lock").c_str(), O_CREAT | O_RDWR, 0644);
    if (lock >= 0) ::flock(lock, LOCK_EX);
    auto demo = core::demo::build_demo(options, job);
    if (lock >= 0) ::flock(lock, LOCK_UN), ::close(lock);
    if (!demo) return std::unexpected(demo.error());
    // A new name for each copy: a copy over the last one's name would meet that session's leftover
    // write-ahead log, which SQLite would replay into it (a second test then saw the first one's zoom).
    static int copies = 0;
    const auto copy = folder / ("demo-" + std::to_string(++copies) + ".cartograph");
    std::filesystem::copy_file(demo->session, copy, std::filesystem::copy_options::overwrite_existing);
    return QString::fromStdString(copy.string());
  };
}

struct ZoomStudioFixture {
  widgets::MainWindow window;
  int document = -1;

  // Opens the demo, selects a token of a long zippy fortune and zooms with three library prompts.
  bool open() {
    QSettings().clear();
    window.resize(1500, 950);
    window.show();
    if (!QTest::qWaitForWindowExposed(&window)) return false;
    window.setDemoBuilder(zoomStudioDemo());
    window.openDemo();
    if (!QTest::qWaitFor([&] { return window.session()->digest() != nullptr; }, 240000)) return false;
    auto run = window.session()->currentRun();
    if (!run || run->maps.size() != 4 || window.session()->prompts().size() < 3) return false;
    for (std::size_t d = 0; d < run->documents.size(); ++d) {
      const auto it = run->documents[d].metadata.find("category");
      if (it != run->documents[d].metadata.end() && it->second == "zippy" && run->documents[d].scored() > 12) {
        document = int(d);
        break;
      }
    }
    window.session()->selection()->setDocument(document);
    window.session()->selection()->setToken(document, 6);
    window.views()->setCurrentIndex(widgets::MainWindow::StudioTab);
    widgets::ZoomStudio* studio = window.zoomStudio();
    window.studio()->setCurrentWidget(studio);
    QSignalSpy finished(studio, &widgets::ZoomStudio::zoomFinished);
    QSignalSpy zoomed(studio, &widgets::ZoomStudio::tokenZoomed);
    auto* list = studio->findChild<QListWidget*>();
    if (!list || list->count() < 3) return false;
    for (int i = 0; i < 3; ++i) list->item(i)->setCheckState(Qt::Checked);
    studio->runZoom();
    return finished.wait(240000) && (zoomed.count() > 0 || zoomed.wait(60000));
  }
  ~ZoomStudioFixture() {
    window.session()->undoStack()->setClean();
    QSettings().clear();
  }
};

TEST(ZoomStudio, RanksThreePromptsAsStoredAndZoomsAtTheSelectedToken) {
  ZoomStudioFixture s;
  ASSERT_TRUE(s.open());
  widgets::ZoomStudio* studio = s.window.zoomStudio();
  const auto zoom = studio->lastZoom();
  ASSERT_TRUE(zoom);
  EXPECT_TRUE(zoom->reused_run) << "the demo's comparison run is reused, not recomputed";
  ASSERT_EQ(zoom->zoom.prompts.size(), 3u);

  // The ranking holds the rows the session stored, and sorts by the share recovered, largest first.
  auto session = core::store::SessionFile::open(s.window.session()->path().toStdString(), core::store::OpenMode::ReadOnly);
  ASSERT_TRUE(session) << session.error().message;
  auto stored = core::store::ZoomStore(*session).list();
  ASSERT_TRUE(stored && !stored->empty());
  const auto& rows = stored->back().rows;
  ASSERT_TRUE(QTest::qWaitFor([&] { return studio->ranking()->rowCount() == 9; }, 10000));
  for (const auto& r : studio->ranking()->rows()) {
    const auto it = std::find_if(rows.begin(), rows.end(), [&](const auto& x) { return x.prompt == r.values.prompt && x.map == r.values.map; });
    ASSERT_NE(it, rows.end());
    EXPECT_DOUBLE_EQ(it->zoom_recovered, r.values.zoom_recovered);
    EXPECT_EQ(it->tokens, r.values.tokens);
  }
  QAbstractItemModel* view = studio->rankingView()->model();
  for (int i = 1; i < view->rowCount(); ++i)
    EXPECT_GE(view->index(i - 1, widgets::RankingModel::RecoveredColumn).data(widgets::RankingModel::SortRole).toDouble(),
              view->index(i, widgets::RankingModel::RecoveredColumn).data(widgets::RankingModel::SortRole).toDouble());

  // The best prompt per category: one row per category value and tuned map.
  studio->setGrouping(QStringLiteral("category"));
  std::set<std::string> categories;
  for (const auto& d : zoom->source->documents)
    if (d.metadata.count("category")) categories.insert(d.metadata.at("category"));
  ASSERT_TRUE(QTest::qWaitFor([&] { return studio->best()->rowCount() == int(categories.size() * 3); }, 10000));

  // Zoom at the selected token: the KL to the prompted base equals the zoom run's stored KL there.
  const auto& bars = studio->bars()->zoom();
  ASSERT_TRUE(bars.has_value());
  EXPECT_EQ(bars->index, 6);
  ASSERT_EQ(bars->columns.size(), 5u);
  const int prompt = 0;  // the studio zooms at the token with the first prompt until another is chosen
  for (std::size_t m = 1; m <= 3; ++m)
    EXPECT_NEAR(bars->kl_tz[m - 1], zoom->zoom.kl_tz[prompt][m - 1][std::size_t(s.document)][6], 2e-4);
}

// Shows the Territory view with the zoom row of `prompt` against tuned map `map`, coloured by
// KL(map ‖ base); false when the view never offers the zoom run's prompts.
bool showZoomRow(ZoomStudioFixture& s, int prompt, int map) {
  s.window.views()->setCurrentIndex(widgets::MainWindow::TerritoryTab);
  widgets::TerritoryView* view = s.window.territory();
  if (!QTest::qWaitFor([&] { return view->zoomRowBox()->count() == 4; }, 20000)) return false;  // none + 3 prompts
  view->metricBox()->setCurrentIndex(view->metricBox()->findData(int(widgets::Metric::KlTunedBase)));
  s.window.session()->selection()->setMap(map);
  view->zoomRowBox()->setCurrentIndex(1 + prompt);
  return view->strip()->hasZoomRow();
}

TEST(ZoomStudio, TokenStripGainsARowForTheZoomedBaseMap) {
  ZoomStudioFixture s;
  ASSERT_TRUE(s.open());
  const auto zoom = s.window.zoomStudio()->lastZoom();
  ASSERT_TRUE(zoom);
  widgets::TokenStrip* strip = s.window.territory()->strip();
  const int rowsBefore = strip->rowCount();
  ASSERT_TRUE(showZoomRow(s, 1, 2));
  const QComboBox* box = s.window.territory()->zoomRowBox();
  for (int p = 0; p < 3; ++p)  // the prompts, as the ranking names them
    EXPECT_TRUE(box->itemText(1 + p).contains(widgets::promptLabel(zoom->zoom.prompts[std::size_t(p)]))) << box->itemText(1 + p).toStdString();
  EXPECT_EQ(strip->document(), s.document);
  // One more row than the maps' rows under KL(map ‖ base) (the base has none there).
  EXPECT_EQ(strip->rowCount(), int(zoom->source->maps.size()) - 1 + 1) << "rows before: " << rowsBefore;
  // Its values are the zoom run's KL(tuned 2 ‖ base ⊕ prompt 1) at every position of the document.
  const auto& kl = zoom->zoom.kl_tz[1][2 - 1][std::size_t(s.document)];
  ASSERT_EQ(kl.size(), zoom->source->documents[std::size_t(s.document)].scored());
  for (std::size_t i = 0; i < kl.size(); ++i) ASSERT_EQ(strip->zoomValue(int(i)), kl[i]) << "position " << i;
  // Another tuned map selected: the row follows it.
  s.window.session()->selection()->setMap(1);
  EXPECT_EQ(strip->zoomValue(3), zoom->zoom.kl_tz[1][0][std::size_t(s.document)][3]);
  // A metric the zoom run did not measure leaves the row empty; "No zoom row" removes it.
  auto* metric = s.window.territory()->metricBox();
  metric->setCurrentIndex(metric->findData(int(widgets::Metric::DeltaLogp)));
  EXPECT_TRUE(strip->hasZoomRow());
  EXPECT_TRUE(std::isnan(strip->zoomValue(3)));
  s.window.territory()->zoomRowBox()->setCurrentIndex(0);
  EXPECT_FALSE(strip->hasZoomRow());
}

TEST(Screens, TokenStripZoomRowOnTheDemo) {
  if (QGuiApplication::platformName() != QStringLiteral("xcb")) GTEST_SKIP() << "needs a real X server (run through xvfb-run)";
  ZoomStudioFixture s;
  ASSERT_TRUE(s.open());
  ASSERT_TRUE(showZoomRow(s, 0, 1));
  QTest::qWait(300);
  const QPixmap shot = s.window.screen()->grabWindow(s.window.winId());
  ASSERT_FALSE(shot.isNull());
  EXPECT_TRUE(shot.save(QString::fromStdString((testsupport::artifacts_dir() / "xvfb-territory-zoom-row.png").string())));
}

TEST(Screens, ZoomStudioOnTheDemo) {
  if (QGuiApplication::platformName() != QStringLiteral("xcb")) GTEST_SKIP() << "needs a real X server (run through xvfb-run)";
  ZoomStudioFixture s;
  ASSERT_TRUE(s.open());
  QTest::qWait(300);
  const QPixmap shot = s.window.screen()->grabWindow(s.window.winId());
  ASSERT_FALSE(shot.isNull());
  EXPECT_TRUE(shot.save(QString::fromStdString((testsupport::artifacts_dir() / "xvfb-zoom-studio.png").string())));
}

}  // namespace
