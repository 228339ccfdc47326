// Lineage as a tree in the workbench: a parent set in the Session dock is one undo step, refuses
// cycles, is written by the one save path (a parent added in the same save included) and comes back
// in a new window; the Lineage view draws siblings as separate branches (and, under Xvfb, a screenshot
// of a branched lineage is written to build/test-artifacts).
#include <gtest/gtest.h>

#include <QComboBox>
#include <QGuiApplication>
#include <QListWidget>
#include <QScreen>
#include <QSettings>
#include <QTabWidget>
#include <QTest>

#include "core/store/catalog.h"
#include "core/store/session_file.h"
#include "tests/gui/gui_helpers.h"
#include "tests/support/test_support.h"
#include "tests/support/run_session.h"
#include "widgets/charts/lineagechart.h"
#include "widgets/lineage/lineagetree.h"
#include "widgets/lineage/lineageview.h"
#include "widgets/session/checkpointsmodel.h"
#include "widgets/session/slicedialog.h"
#include "widgets/shell/issuesmodel.h"
#include "widgets/shell/mainwindow.h"

namespace {



bool openLineageSession(widgets::MainWindow& window, const std::filesystem::path& path) {
  window.openSession(QString::fromStdString(path.string()));
  return QTest::qWaitFor([&] { return window.session()->digest() != nullptr; }, 15000);
}

qint64 checkpointIdOf(const widgets::Session* s, const QString& name) {
  for (const auto& c : s->checkpoints())
    if (c.name == name) return c.id;
  return 0;
}

// Each checkpoint's parent by name ("" for a root), with "?" after a guess.
QStringList parentNames(const widgets::Session* s) {
  QStringList out;
  const auto links = s->lineage();
  for (std::size_t i = 0; i < links.size(); ++i)
    out << (links[i].parent ? s->checkpoints()[*links[i].parent].name + (links[i].guessed ? QStringLiteral("?") : QString())
                            : QString());
  return out;
}

// The fixture's run with a fourth map, "sft-dialog-rl2": a copy of rl-happy's numbers, shifted so that
// its points stand apart in the charts.
std::shared_ptr<const core::analysis::RunResult> fourMapRun() {
  auto run = std::make_shared<core::analysis::RunResult>(*fixture::makeRun({.documents = 4}));
  core::analysis::MapInfo extra = run->maps[2];
  extra.name = "sft-dialog-rl2";
  extra.path = "/models/sft-dialog-rl2.bin";
  extra.sha256 = "feed" + extra.sha256.substr(std::min<std::size_t>(4, extra.sha256.size()));
  run->maps.push_back(extra);
  for (auto& d : run->documents) {
    auto track = d.maps[2];
    for (float& v : track.logp) v -= 0.4f;
    d.maps.push_back(track);
    d.stats.push_back(d.stats[2]);
    d.stats.back().nll_mean += 0.4;
  }
  run->summaries.push_back(run->summaries[2]);
  run->summaries.back().nll_mean += 0.4;
  return run;
}

}  // namespace

TEST(LineageTree, AParentSetInTheSessionIsUndoableRefusesCyclesAndSurvivesSaveAndReopen) {
  QSettings().clear();
  testsupport::TempDir dir;
  const auto path = dir / "lineage.cartograph";
  ASSERT_TRUE(testsupport::write_run_session(path, *fixture::makeRun({.documents = 3})));
  {
    widgets::MainWindow window;
    ASSERT_TRUE(openLineageSession(window, path));
    widgets::Session* s = window.session();
    ASSERT_EQ(s->checkpoints().size(), 3u);
    const QString base = s->checkpoints()[0].name;
    // Nothing set: both tuned maps are guessed to descend from the base (their names share no prefix).
    EXPECT_EQ(parentNames(s), (QStringList{QString(), base + QStringLiteral("?"), base + QStringLiteral("?")}));
    const qint64 sft = checkpointIdOf(s, QStringLiteral("sft-dialog")), rl = checkpointIdOf(s, QStringLiteral("rl-happy"));
    s->setCheckpointParent(rl, sft);
    EXPECT_EQ(parentNames(s), (QStringList{QString(), base + QStringLiteral("?"), QStringLiteral("sft-dialog")}));
    s->undoStack()->undo();
    EXPECT_EQ(parentNames(s), (QStringList{QString(), base + QStringLiteral("?"), base + QStringLiteral("?")}));
    s->undoStack()->redo();
    // sft-dialog under rl-happy would make it its own ancestor: refused, with a warning.
    const int warnings = window.issues()->count(widgets::IssuesModel::Severity::Warning);
    s->setCheckpointParent(sft, rl);
    EXPECT_EQ(parentNames(s)[1], base + QStringLiteral("?"));
    EXPECT_EQ(window.issues()->count(widgets::IssuesModel::Severity::Warning), warnings + 1);
    // Two checkpoints added now (provisional ids), one the parent of the other, saved together.
    s->addCheckpoints({QString::fromStdString((dir / "dpo").string()), QString::fromStdString((dir / "dpo-long").string())});
    const qint64 dpo = checkpointIdOf(s, QStringLiteral("dpo")), longer = checkpointIdOf(s, QStringLiteral("dpo-long"));
    ASSERT_LT(dpo, 0);
    EXPECT_EQ(parentNames(s)[4], QStringLiteral("dpo?")) << "guessed from the name";
    s->setCheckpointParent(dpo, rl);
    s->setCheckpointParent(longer, dpo);
    // The Session dock shows the set parent plainly and the guess marked as one.
    widgets::CheckpointsModel model(s);
    EXPECT_EQ(model.index(1, widgets::CheckpointsModel::ParentColumn).data().toString(), base + QStringLiteral(" (guess)"));
    EXPECT_EQ(model.index(2, widgets::CheckpointsModel::ParentColumn).data().toString(), QStringLiteral("sft-dialog"));
    s->save();
    ASSERT_TRUE(QTest::qWaitFor([&] { return !s->isModified(); }, 20000));
    EXPECT_GT(checkpointIdOf(s, QStringLiteral("dpo")), 0) << "the store's ids after the save";
    EXPECT_EQ(parentNames(s), (QStringList{QString(), base + QStringLiteral("?"), QStringLiteral("sft-dialog"), QStringLiteral("rl-happy"), QStringLiteral("dpo")}));
    EXPECT_EQ(window.issues()->count(widgets::IssuesModel::Severity::Error), 0);
    s->undoStack()->setClean();
  }
  widgets::MainWindow again;
  ASSERT_TRUE(openLineageSession(again, path));
  widgets::Session* s = again.session();
  const QString base = s->checkpoints()[0].name;
  EXPECT_EQ(parentNames(s), (QStringList{QString(), base + QStringLiteral("?"), QStringLiteral("sft-dialog"), QStringLiteral("rl-happy"), QStringLiteral("dpo")}));
  // Clearing a parent is one undo step too, and saved: rl-happy is a guess again.
  s->setCheckpointParent(checkpointIdOf(s, QStringLiteral("rl-happy")), 0);
  EXPECT_EQ(parentNames(s)[2], base + QStringLiteral("?"));
  // Removing dpo makes its child a root (or a guess) in the same step.
  s->removeCheckpoint(checkpointIdOf(s, QStringLiteral("dpo")));
  EXPECT_EQ(parentNames(s)[3], base + QStringLiteral("?"));
  s->save();
  ASSERT_TRUE(QTest::qWaitFor([&] { return !s->isModified(); }, 20000));
  auto file = core::store::SessionFile::open(path, core::store::OpenMode::ReadOnly);
  ASSERT_TRUE(file);
  const auto stored = core::store::Catalog(*file).checkpoints().value();
  for (const auto& c : stored)
    EXPECT_EQ(c.parent_id, 0) << c.name << ": nothing set any more";
  s->undoStack()->setClean();
}

TEST(LineageTree, TheLineageViewDrawsSiblingsAsTwoBranches) {
  QSettings().clear();
  auto backend = std::make_shared<fixture::MemoryBackend>(fourMapRun());
  widgets::MainWindow window(backend);
  window.resize(1400, 900);
  window.show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
  window.openSession(backend->initial().path);
  widgets::Session* s = window.session();
  ASSERT_TRUE(QTest::qWaitFor([&] { return s->digest() != nullptr; }, 10000));
  // rl-happy set under sft-dialog; sft-dialog-rl2 guessed under sft-dialog from its name: two RL runs
  // from one SFT parent.
  s->setCheckpointParent(checkpointIdOf(s, QStringLiteral("rl-happy")), checkpointIdOf(s, QStringLiteral("sft-dialog")));
  window.views()->setCurrentIndex(widgets::MainWindow::LineageTab);
  widgets::LineageView* view = window.lineage();
  const auto& layout = view->tree()->layout();
  ASSERT_EQ(layout.depth.size(), 4u);
  EXPECT_EQ(layout.depth, (std::vector<int>{0, 1, 2, 2}));
  EXPECT_EQ(layout.row, (std::vector<double>{0.5, 0.5, 0, 1}));
  EXPECT_EQ(layout.branches, (std::vector<std::vector<std::size_t>>{{0, 1, 2}, {0, 1, 3}}));
  // Every chart draws one line per branch, sharing the root and the SFT map, parting at generation 2.
  for (widgets::LineageChart* chart : view->charts()) {
    if (!chart->isVisibleTo(view)) continue;
    const auto lines = chart->branchLines();
    ASSERT_EQ(lines.size(), 2) << chart->title().toStdString();
    if (lines[0].size() != 3 || lines[1].size() != 3) continue;  // a metric the base has no value for
    EXPECT_EQ(lines[0][1], lines[1][1]);
    // The two leaves stand at generation 2, drawn apart (lane 0 left of lane 1) so their labels do not
    // cover each other.
    EXPECT_NEAR(lines[0][2].x(), 2, 0.3);
    EXPECT_NEAR(lines[1][2].x(), 2, 0.3);
    EXPECT_LT(lines[0][2].x() + 0.1, lines[1][2].x());
    EXPECT_EQ(lines[0][1].x(), 1);
  }
  // The nll chart's two leaves differ by the 0.4 nats the fixture shifted sft-dialog-rl2 by.
  const auto nll = view->charts().front()->branchLines();
  ASSERT_EQ(nll.size(), 2);
  ASSERT_EQ(nll[1].size(), 3);
  EXPECT_NEAR(nll[1][2].y() - nll[0][2].y(), 0.4, 0.011);
  if (QGuiApplication::platformName() == QStringLiteral("xcb")) {
    QTest::qWait(200);
    const QPixmap shot = window.screen()->grabWindow(window.winId());
    ASSERT_FALSE(shot.isNull());
    EXPECT_TRUE(shot.save(QString::fromStdString((testsupport::artifacts_dir() / "xvfb-lineage-tree.png").string())));
  }
  s->undoStack()->setClean();
}

// What a person sees of the slice dialog's Combine tab (Xvfb only): two saved slices, "not" of one.
TEST(LineageTree, CombineTabOfTheSliceDialogUnderXvfb) {
  if (QGuiApplication::platformName() != QStringLiteral("xcb")) GTEST_SKIP() << "needs a real X server (xvfb-run)";
  auto run = fixture::makeRun({.documents = 4});
  widgets::SliceDefinition genre;
  genre.kind = widgets::SliceDefinition::Kind::Metadata;
  genre.field = "genre";
  genre.values = {"dialog"};
  widgets::SliceDefinition said;
  said.kind = widgets::SliceDefinition::Kind::Regex;
  said.pattern = "\\bsaid\\b";
  std::vector<widgets::SliceEntry> saved = {{1, QStringLiteral("dialog"), genre}, {2, QStringLiteral("said"), said}};
  widgets::SliceDialog dialog(run, QStringList{}, nullptr, saved);
  dialog.kinds()->setCurrentIndex(3);
  dialog.combination()->setCurrentIndex(dialog.combination()->findData(int(widgets::SliceDefinition::Kind::And)));
  dialog.operands()->item(0)->setCheckState(Qt::Checked);
  dialog.operands()->item(1)->setCheckState(Qt::Checked);
  dialog.show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(&dialog));
  QTest::qWait(200);
  const QPixmap shot = dialog.screen()->grabWindow(dialog.winId());
  EXPECT_TRUE(shot.save(QString::fromStdString((testsupport::artifacts_dir() / "xvfb-slice-combine.png").string())));
  EXPECT_TRUE(dialog.problem().isEmpty());
  EXPECT_EQ(dialog.name(), QStringLiteral("(slice “dialog”) and (slice “said”)"));
}
