// A partial merge of sharded runs (docs/ARCHITECTURE.md, "Sharded runs") opened in the workbench: the
// Runs list says which shards are missing, and so does the Issues dock on opening. Made from the real
// stories260K map through the real CLI (`compare --shard I/3` and `merge` of two of the three).
// A partial merge of token-shift shards (`shift --shard I/3`, two of three merged) says the same in
// the Studio's Token Shift view. PartialMerge.* runs offscreen; Screens.PartialMerge* under Xvfb saves
// xvfb-partial-merge.png and xvfb-partial-shift-merge.png.
#include <gtest/gtest.h>

#include <QComboBox>
#include <QDockWidget>
#include <QTabWidget>
#include <QGuiApplication>
#include <QScreen>
#include <QSettings>
#include <QTableView>
#include <QTest>
#include <QToolBox>

#include "tests/support/shard_fixture.h"
#include "tests/support/test_support.h"
#include "widgets/session/session.h"
#include "widgets/session/sessiondock.h"
#include "widgets/shell/issuesmodel.h"
#include "widgets/shell/mainwindow.h"
#include "widgets/studio/shiftview.h"

namespace {

namespace fs = std::filesystem;

// Shards 0 and 2 of 3 merged into `dir`/partial.cartograph; empty when the CLI failed.
std::string makePartialMerge(const fs::path& data, const testsupport::TempDir& dir) {
  const auto f = testsupport::make_shard_fixture(data, dir);
  for (int i : {0, 2}) {
    const auto r = testsupport::run_cli(
        testsupport::shard_compare_args(f, dir / ("s" + std::to_string(i) + ".cartograph"), std::to_string(i) + "/3"));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    if (r.exit_code != 0) return {};
  }
  const std::string out = (dir / "partial.cartograph").string();
  const auto r = testsupport::run_cli({"merge", out, (dir / "s2.cartograph").string(), (dir / "s0.cartograph").string()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.exit_code == 0 ? out : std::string();
}

// Token-shift shards 0 and 2 of 3 of four prompts merged into `dir`/partial-shift.cartograph.
std::string makePartialShiftMerge(const fs::path& data, const testsupport::TempDir& dir) {
  const auto f = testsupport::make_shard_fixture(data, dir);
  testsupport::write_file(dir / "prompts.txt", "Once upon a time\nThe little dog\nLily and Ben went to the park.\nHe said\n");
  for (int i : {0, 2}) {
    const auto r = testsupport::run_cli({"--threads", "1", "shift", "--base", f.base.string(), "--tuned", f.tuned.string(),
                                         "--tokenizer", f.tokenizer.string(), "--prompts", (dir / "prompts.txt").string(),
                                         "--max-new-tokens", "8", "--shard", std::to_string(i) + "/3", "--session",
                                         (dir / ("shift" + std::to_string(i) + ".cartograph")).string()});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    if (r.exit_code != 0) return {};
  }
  const std::string out = (dir / "partial-shift.cartograph").string();
  const auto r = testsupport::run_cli({"merge", out, (dir / "shift2.cartograph").string(), (dir / "shift0.cartograph").string()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.exit_code == 0 ? out : std::string();
}

// Opens a session holding only a token shift and shows the Studio's Token Shift view.
widgets::ShiftView* showShifts(widgets::MainWindow& window, const std::string& path) {
  QSettings().clear();
  window.resize(1500, 950);
  window.show();
  if (!QTest::qWaitForWindowExposed(&window)) return nullptr;
  window.openSession(QString::fromStdString(path));
  if (!QTest::qWaitFor([&] { return window.session()->shifts().size() == 1; }, 60000)) return nullptr;
  window.views()->setCurrentIndex(widgets::MainWindow::StudioTab);
  auto* view = window.findChild<widgets::ShiftView*>();
  if (view) window.studio()->setCurrentWidget(view);
  return view;
}

QString shiftLabel(const widgets::ShiftView* view) {
  return view->findChild<QComboBox*>(QStringLiteral("shiftRecords"))->currentText();
}

struct Opened {
  widgets::MainWindow window;
  bool open(const std::string& path) {
    QSettings().clear();
    window.resize(1500, 950);
    window.show();
    if (!QTest::qWaitForWindowExposed(&window)) return false;
    window.openSession(QString::fromStdString(path));
    return QTest::qWaitFor([&] { return !window.session()->runs().empty(); }, 60000);
  }
  QString statusCell() const {
    const QTableView* runs = window.sessionDock()->runs();
    return runs->model()->index(0, 1).data().toString();
  }
  QStringList issues() const {
    QStringList all;
    const auto* model = window.issues();
    for (int r = 0; r < model->rowCount(); ++r)
      for (int c = 0; c < model->columnCount(); ++c) all << model->index(r, c).data().toString();
    return all;
  }
  ~Opened() { QSettings().clear(); }
};

void expectMissingShardShown(const Opened& w) {
  ASSERT_EQ(w.window.session()->runs().size(), 1u);
  const widgets::RunEntry& run = w.window.session()->runs().front();
  EXPECT_EQ(run.shardCount, 3);
  EXPECT_EQ(run.shardsPresent, (QList<qint64>{0, 2}));
  EXPECT_EQ(run.missingShards(), QList<qint64>{1});
  EXPECT_EQ(w.statusCell(), QStringLiteral("2 shards of 3, missing 1"));
  EXPECT_TRUE(w.issues().join(QLatin1Char('\n')).contains(QStringLiteral("missing shard 1")))
      << w.issues().join(QLatin1Char('\n')).toStdString();
}

}  // namespace

TEST(PartialMerge, RunsListAndIssuesNameTheMissingShard) {
  CARTOGRAPH_REQUIRE_TEST_DATA(data);
  testsupport::TempDir dir;
  const std::string path = makePartialMerge(data, dir);
  ASSERT_FALSE(path.empty());
  Opened w;
  ASSERT_TRUE(w.open(path));
  expectMissingShardShown(w);
}

TEST(Screens, PartialMergeShowsTheMissingShards) {
  if (QGuiApplication::platformName() != QStringLiteral("xcb")) GTEST_SKIP() << "needs a real X server (run through xvfb-run)";
  CARTOGRAPH_REQUIRE_TEST_DATA(data);
  testsupport::TempDir dir;
  const std::string path = makePartialMerge(data, dir);
  ASSERT_FALSE(path.empty());
  Opened w;
  ASSERT_TRUE(w.open(path));
  expectMissingShardShown(w);
  w.window.sessionDock()->sections()->setCurrentIndex(2);  // Runs
  w.window.sessionDock()->runs()->selectRow(0);
  for (QDockWidget* dock : w.window.findChildren<QDockWidget*>())
    if (dock->objectName().contains(QStringLiteral("issues"), Qt::CaseInsensitive)) dock->raise();
  QTest::qWait(300);
  const QPixmap shot = w.window.screen()->grabWindow(w.window.winId());
  ASSERT_FALSE(shot.isNull());
  EXPECT_TRUE(shot.save(QString::fromStdString((testsupport::artifacts_dir() / "xvfb-partial-merge.png").string())));
}

TEST(PartialMerge, TheTokenShiftViewNamesTheMissingShiftShard) {
  CARTOGRAPH_REQUIRE_TEST_DATA(data);
  testsupport::TempDir dir;
  const std::string path = makePartialShiftMerge(data, dir);
  ASSERT_FALSE(path.empty());
  widgets::MainWindow window;
  widgets::ShiftView* view = showShifts(window, path);
  ASSERT_NE(view, nullptr);
  const core::store::ShiftRecord& shift = window.session()->shifts().front();
  EXPECT_EQ(shift.shards_present, (std::vector<std::int64_t>{0, 2}));
  EXPECT_EQ(shift.prompt_count, 4);
  const QString label = shiftLabel(view);
  EXPECT_TRUE(label.contains(QStringLiteral("of 4 prompts; missing from 3 shards: 1"))) << label.toStdString();
  QSettings().clear();
}

TEST(Screens, PartialMergeShowsTheMissingShiftShard) {
  if (QGuiApplication::platformName() != QStringLiteral("xcb")) GTEST_SKIP() << "needs a real X server (run through xvfb-run)";
  CARTOGRAPH_REQUIRE_TEST_DATA(data);
  testsupport::TempDir dir;
  const std::string path = makePartialShiftMerge(data, dir);
  ASSERT_FALSE(path.empty());
  widgets::MainWindow window;
  widgets::ShiftView* view = showShifts(window, path);
  ASSERT_NE(view, nullptr);
  EXPECT_TRUE(shiftLabel(view).contains(QStringLiteral("missing")));
  QTest::qWait(300);
  const QPixmap shot = window.screen()->grabWindow(window.winId());
  ASSERT_FALSE(shot.isNull());
  EXPECT_TRUE(shot.save(QString::fromStdString((testsupport::artifacts_dir() / "xvfb-partial-shift-merge.png").string())));
  QSettings().clear();
}
