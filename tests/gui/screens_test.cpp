// Screenshots under Xvfb (a real X server): run by the gui.screenshots_under_xvfb CTest entry. Every view
// on a real run (the demo's tiny preset, built and opened through File > Open Demo, read back from
// its session file), the dialogs, and the dark palette; saved to build/test-artifacts/ for a person
// to look at.
#include <gtest/gtest.h>

#include <QGuiApplication>
#include <QLabel>
#include <QScrollArea>
#include <QComboBox>
#include <QDialog>
#include <cmath>
#include <memory>
#include <QDoubleSpinBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QScreen>
#include <QSettings>
#include <QTabWidget>
#include <QTest>
#include <QTranslator>

#include "core/demo/demo.h"
#include "tests/gui/gui_helpers.h"
#include "tests/support/test_support.h"
#include "widgets/export/exportactions.h"
#include "widgets/shell/aboutdialog.h"
#include "widgets/lineage/lineageview.h"
#include "widgets/shell/jobsmodel.h"
#include "widgets/shell/mainwindow.h"
#include "widgets/overview/overviewview.h"
#include "widgets/runs/rundialog.h"
#include "widgets/session/session.h"
#include "widgets/session/slicedialog.h"
#include "widgets/studio/prompteditor.h"
#include "widgets/studio/shiftview.h"
#include "widgets/studio/samplepanel.h"
#include "widgets/territory/territoryview.h"
#include "widgets/territory/tokenstrip.h"
#include "widgets/display/colorlegend.h"
#include "widgets/display/scalerange.h"

namespace {

using guitest::realDisplay;
void save(QWidget* w, const char* name) { guitest::saveScreenshot(w, name); }

// The tiny demo, built once per process (a second call is the cache's).
widgets::MainWindow::DemoBuilder tinyDemo() {
  static testsupport::TempDir folder;
  return [](core::Job& job) -> core::Result<QString> {
    core::demo::DemoOptions options;
    options.recipe = core::demo::DemoRecipe::tiny();
    options.out = folder / "demo";
    auto demo = core::demo::build_demo(options, job);
    if (!demo) return std::unexpected(demo.error());
    return QString::fromStdString(demo->session.string());
  };
}

struct OpenWorkbench {
  widgets::MainWindow window;

  bool open() {
    QSettings().clear();
    window.resize(1500, 950);
    window.show();
    if (!QTest::qWaitForWindowExposed(&window)) return false;
    window.setDemoBuilder(tinyDemo());
    window.openDemo();
    if (!QTest::qWaitFor([&] { return window.session()->digest() != nullptr; }, 240000)) return false;
    auto run = window.session()->currentRun();
    if (!run || run->maps.size() != 4) return false;
    // A token chosen in a zippy fortune and a note on it, as a researcher would leave them.
    int zippy = 0;
    for (std::size_t d = 0; d < run->documents.size(); ++d) {
      const auto it = run->documents[d].metadata.find("category");
      if (it != run->documents[d].metadata.end() && it->second == "zippy" && run->documents[d].scored() > 12) {
        zippy = int(d);
        break;
      }
    }
    window.session()->selection()->setDocument(zippy);
    window.session()->selection()->setToken(zippy, 6);
    window.session()->addAnnotation(zippy, 4, 8, QStringLiteral("the SFT map expects this; the base does not"));
    return true;
  }
  qint64 slice(const QString& name) const {
    for (const auto& s : window.session()->slices())
      if (s.name == name) return s.id;
    return 0;
  }
  ~OpenWorkbench() {
    window.session()->undoStack()->setClean();
    QSettings().clear();
  }
};

// The Run dialog and the slice dialog of the open workbench, each saved as `prefix` + "run-dialog.png"
// and "slice-dialog.png".
void saveRunAndSliceDialogs(widgets::MainWindow& window, const std::string& prefix) {
  widgets::RunDialog* run = window.createRunDialog();
  run->show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(run));
  save(run, (prefix + "run-dialog.png").c_str());
  run->close();
  QStringList names;
  const auto current = window.session()->currentRun();
  for (std::size_t m = 0; m < current->maps.size(); ++m) names << window.session()->mapName(int(m));
  widgets::SliceDialog slice(current, names, &window);
  slice.show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(&slice));
  save(&slice, (prefix + "slice-dialog.png").c_str());
}

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
  const qint64 zippy = w.slice(QStringLiteral("category: zippy"));
  ASSERT_NE(zippy, 0) << "the demo session has its category slice";
  w.window.session()->selection()->setSlice(zippy);
  ASSERT_TRUE(guitest::waitForDigest(*w.window.session()));
  w.window.views()->setCurrentIndex(widgets::MainWindow::OverviewTab);
  save(&w.window, "xvfb-overview-slice-dark.png");
  w.window.views()->setCurrentIndex(widgets::MainWindow::TerritoryTab);
  save(&w.window, "xvfb-territory-slice-dark.png");
  w.window.views()->setCurrentIndex(widgets::MainWindow::MapTab);
  save(&w.window, "xvfb-map-slice-dark.png");
  w.window.setDarkPalette(false);
}

// Issue 19: the demo's collapsed RL map (±17 nats) beside its SFT map under Δ log p, each on its own
// 98th-percentile range (the default), then on one shared range for comparison. The legend names each
// map's range; the window is 1500 px wide, as the issue asks the legend to fit.
TEST(Screens, TokenStripWithRobustPerMapRangesOnTheDemo) {
  if (!realDisplay()) GTEST_SKIP() << "needs a real X server (run through xvfb-run)";
  OpenWorkbench w;
  ASSERT_TRUE(w.open());
  w.window.views()->setCurrentIndex(widgets::MainWindow::TerritoryTab);
  widgets::TerritoryView* territory = w.window.territory();
  territory->metricBox()->setCurrentIndex(territory->metricBox()->findData(int(widgets::Metric::DeltaLogp)));
  // A long document where the last (most collapsed) RL map moves furthest, so the strip has lines to show.
  const auto run = w.window.session()->currentRun();
  const int rl = int(run->maps.size()) - 1;
  int shown = 0;
  float furthest = -1;
  for (std::size_t d = 0; d < run->documents.size(); ++d) {
    const auto& doc = run->documents[d];
    if (doc.scored() < 80) continue;
    for (std::size_t p = 0; p < doc.scored(); ++p) {
      const float v = std::fabs(widgets::metricValue(doc, rl, int(p), widgets::Metric::DeltaLogp));
      if (v > furthest) furthest = v, shown = int(d);
    }
  }
  w.window.session()->selection()->setDocument(shown);
  ASSERT_TRUE(QTest::qWaitFor([&] { return territory->strip()->document() == shown; }, 5000));
  ASSERT_EQ(territory->strip()->scaleRange(), (widgets::ScaleRange{98, true})) << "robust per map by default";
  ASSERT_EQ(territory->legend()->bars().size(), territory->strip()->rowCount()) << "a legend line per row";
  save(&w.window, "xvfb-territory-range-per-map.png");
  // The legend alone at full size (a child widget: rendered, not grabbed from the screen).
  EXPECT_TRUE(territory->legend()->grab().save(
      QString::fromStdString((testsupport::artifacts_dir() / "xvfb-territory-range-legend.png").string())));
  territory->rangeModeBox()->setCurrentIndex(territory->rangeModeBox()->findData(false));
  save(&w.window, "xvfb-territory-range-shared.png");
}

TEST(Screens, Dialogs) {
  if (!realDisplay()) GTEST_SKIP() << "needs a real X server (run through xvfb-run)";
  OpenWorkbench w;
  ASSERT_TRUE(w.open());
  saveRunAndSliceDialogs(w.window, "xvfb-");
  if (HasFatalFailure()) return;
  widgets::AboutDialog about(&w.window);
  about.show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(&about));
  save(&about, "xvfb-about.png");
  // File → Export Figure… for the token strip at the selected token: the options it reads are enabled.
  std::unique_ptr<QDialog> figure(w.window.exports()->figureDialog(QStringLiteral("strip"), w.window.exports()->currentFigureOptions()));
  figure->show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(figure.get()));
  save(figure.get(), "xvfb-export-figure-dialog.png");
}

TEST(Screens, StudioPromptEditorAndTokenShiftOnTheDemo) {
  if (!realDisplay()) GTEST_SKIP() << "needs a real X server (run through xvfb-run)";
  OpenWorkbench w;
  ASSERT_TRUE(w.open());
  widgets::Session* s = w.window.session();
  w.window.views()->setCurrentIndex(widgets::MainWindow::StudioTab);
  w.window.studio()->setCurrentIndex(0);
  auto* editor = w.window.findChild<widgets::PromptEditor*>();
  ASSERT_NE(editor, nullptr);
  // The demo's matching header as a template, tagged and annotated as a researcher would.
  qint64 header = 0;
  for (const auto& p : s->prompts())
    if (p.name.contains(QStringLiteral("header"))) header = p.id;
  ASSERT_NE(header, 0) << "the demo's library has its header prompt";
  s->editPromptText(header, QStringLiteral("[{category}]\n"));
  s->setPromptTags(header, {QStringLiteral("template"), QStringLiteral("matching")});
  s->setPromptNote(header, QStringLiteral("Each fortune's own category header: the prompt the SFT map was tuned without."));
  editor->setCurrentPrompt(header);
  ASSERT_TRUE(QTest::qWaitFor([&] { return editor->fit() && s->jobs()->runningCount() == 0; }, 60000));
  // The demo's base map carries no chat template: "Wrap in Chat Template" says so under the text.
  QTest::mouseClick(editor->wrapButton(), Qt::LeftButton);
  EXPECT_NE(editor->chatStatusLabel()->text().indexOf(QStringLiteral("Cannot wrap: ")), -1)
      << editor->chatStatusLabel()->text().toStdString();
  EXPECT_NE(editor->chatStatusLabel()->text().indexOf(QStringLiteral("this map has no chat template")), -1)
      << editor->chatStatusLabel()->text().toStdString();
  QTest::qWait(300);
  save(&w.window, "xvfb-studio-prompts.png");

  w.window.studio()->setCurrentIndex(1);
  auto* shift = w.window.findChild<widgets::ShiftView*>();
  ASSERT_NE(shift, nullptr);
  s->undoStack()->undo();  // the header's note, tags and template go: token shift decodes fixed prompts
  s->undoStack()->undo();
  s->undoStack()->undo();
  shift->tokensBox()->setValue(24);
  QSignalSpy finished(shift, &widgets::ShiftView::finished);
  shift->run();
  ASSERT_TRUE(finished.wait(300000));
  ASSERT_TRUE(finished.front().front().toBool());
  shift->stripPromptBox()->setCurrentIndex(shift->stripPromptBox()->count() - 1);
  save(&w.window, "xvfb-studio-shift.png");
}

TEST(Screens, SamplingColumnsSideBySide) {
  if (!realDisplay()) GTEST_SKIP() << "needs a real X server (run through xvfb-run)";
  OpenWorkbench w;
  ASSERT_TRUE(w.open());
  auto* panel = w.window.findChild<widgets::SamplePanel*>();
  ASSERT_TRUE(panel);
  w.window.views()->setCurrentIndex(widgets::MainWindow::StudioTab);
  w.window.studio()->setCurrentWidget(panel);
  // The demo's own header prompt zooms the base map; the maps continue the start of a fortune.
  QString header;
  for (const auto& p : w.window.session()->prompts())
    if (p.text.startsWith(QStringLiteral("[zippy]"))) header = p.text;
  ASSERT_FALSE(header.isEmpty()) << "the demo session has its [zippy] header prompt";
  panel->promptEdit()->setPlainText(QStringLiteral("Life is"));
  panel->zoomPromptBox()->setCurrentText(header);
  panel->temperatureBox()->setValue(0.9);
  panel->seedBox()->setValue(3);
  panel->maxTokensBox()->setValue(60);
  panel->amplifiedMapBox()->setCurrentIndex(panel->amplifiedMapBox()->findText(QStringLiteral("sft-zippy")));
  panel->setAmplification(2.0);
  QSignalSpy shown(panel, &widgets::SamplePanel::sampleSetShown);
  panel->sampleButton()->click();
  ASSERT_TRUE(QTest::qWaitFor([&] { return shown.count() == 1; }, 120000));
  save(&w.window, "xvfb-sampling.png");
}

// A Q8_0 and a Q4_K GGUF of one tiny random Llama (tests/support/gguf_fixture.py) compared with its
// float32 GGUF by cartograph-cli, opened from the session it recorded: the token strip coloured by
// KL(base || tuned) shows where each quantization redrew the map.
TEST(Screens, GgufQuantsAgainstTheirFloatBaseInTheTokenStrip) {
  if (!realDisplay()) GTEST_SKIP() << "needs a real X server (run through xvfb-run)";
  if (!std::filesystem::exists("/usr/bin/python3")) GTEST_SKIP() << "needs Debian's /usr/bin/python3 with numpy";
  testsupport::TempDir dir;
  const std::string make = "/usr/bin/python3 " + std::string(CARTOGRAPH_SOURCE_DIR) + "/tests/support/gguf_fixture.py toy " +
                           dir.path().string();
  ASSERT_EQ(std::system(make.c_str()), 0);
  testsupport::write_file(dir / "held-out.jsonl",
                          "{\"text\": \"the cat sat on the mat, and then the dog went in. The end is near, they said.\"}\n"
                          "{\"text\": \"Once upon a time there was a red ball that rolled into the sea and was never seen again.\"}\n");
  const auto session = dir / "quant.cartograph";
  const auto run = testsupport::run_cli({"-q", "compare", "--base", (dir / "model-f32.gguf").string(), "--name", "float32",
                                         "--tuned", (dir / "model-q8_0.gguf").string(), "--name", "Q8_0", "--tuned",
                                         (dir / "model-q4_k.gguf").string(), "--name", "Q4_K", "--corpus",
                                         (dir / "held-out.jsonl").string(), "--session", session.string()});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  QSettings().clear();
  widgets::MainWindow window;
  window.resize(1500, 950);
  window.show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
  window.openSession(QString::fromStdString(session.string()));
  ASSERT_TRUE(QTest::qWaitFor([&] { return window.session()->digest() != nullptr; }, 60000));
  ASSERT_EQ(window.session()->currentRun()->maps.size(), 3u);
  window.views()->setCurrentIndex(widgets::MainWindow::TerritoryTab);
  QComboBox* metric = window.territory()->metricBox();
  const int kl = metric->findData(int(widgets::Metric::KlBaseTuned));
  ASSERT_GE(kl, 0);
  metric->setCurrentIndex(kl);
  window.session()->selection()->setDocument(0);
  window.session()->selection()->setToken(0, 5);
  save(&window, "xvfb-gguf-quant-vs-float.png");
  window.session()->undoStack()->setClean();
  QSettings().clear();
}

// Every view, the Studio's tabs and the dialogs in German, the translation the application loads for a
// German system locale (app/gui/main.cpp): built into the workbench's resources and read here from the
// build folder (tests/gui/CMakeLists.txt). The tab titles are checked to be the translated ones, so a
// missing or stale .qm fails instead of silently showing English.
TEST(Screens, EveryViewInGerman) {
  if (!realDisplay()) GTEST_SKIP() << "needs a real X server (run through xvfb-run)";
  QTranslator german;
  ASSERT_TRUE(german.load(QStringLiteral("cartograph_de"), QStringLiteral(CARTOGRAPH_QM_DIR)))
      << "no cartograph_de.qm in " << CARTOGRAPH_QM_DIR;
  ASSERT_TRUE(QCoreApplication::installTranslator(&german));
  {
    OpenWorkbench w;
    ASSERT_TRUE(w.open());
    const QString english[] = {QStringLiteral("Overview"), QStringLiteral("Territory"), QStringLiteral("Map"),
                               QStringLiteral("Lineage"), QStringLiteral("Studio")};
    const char* views[] = {"xvfb-de-overview.png", "xvfb-de-territory.png", "xvfb-de-map.png",
                           "xvfb-de-lineage.png"};
    for (int i = 0; i < 4; ++i) {
      const QString title = w.window.views()->tabText(i);
      EXPECT_EQ(title, german.translate("widgets::MainWindow", english[i].toUtf8().constData()));
      EXPECT_NE(title, english[i]) << "tab " << i << " is not translated";
      w.window.views()->setCurrentIndex(i);
      save(&w.window, views[i]);
    }
    // The Jobs dock: the session's own job titles and the core's stage names are translated too.
    const QAbstractItemModel* jobs = w.window.jobs();
    QStringList titles, stages;
    for (int r = 0; r < jobs->rowCount(); ++r) {
      titles << jobs->index(r, widgets::JobsModel::TitleColumn).data().toString();
      stages << jobs->index(r, widgets::JobsModel::StageColumn).data().toString();
    }
    EXPECT_TRUE(titles.contains(QStringLiteral("demo.cartograph öffnen"))) << titles.join(QStringLiteral("; ")).toStdString();
    ASSERT_FALSE(german.translate("JobStage", "reading session").isEmpty());
    EXPECT_TRUE(stages.contains(german.translate("JobStage", "reading session"))) << stages.join(QStringLiteral("; ")).toStdString();
    EXPECT_FALSE(stages.contains(QStringLiteral("reading session")));
    w.window.views()->setCurrentIndex(widgets::MainWindow::StudioTab);
    for (int i = 0; i < w.window.studio()->count(); ++i) {
      w.window.studio()->setCurrentIndex(i);
      save(&w.window, QStringLiteral("xvfb-de-studio-%1.png").arg(i).toUtf8().constData());
    }
    saveRunAndSliceDialogs(w.window, "xvfb-de-");
  }
  QCoreApplication::removeTranslator(&german);
}
