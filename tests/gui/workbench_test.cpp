// The workbench driven like a researcher would: open a session, switch views, pick a token in one view
// and find it selected in all, build a slice and undo it, annotate a span, edit checkpoints in the dock.
#include <gtest/gtest.h>

#include <QAbstractItemModel>
#include <QAction>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenuBar>
#include <QMimeData>
#include <QPushButton>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QTimer>
#include <QWheelEvent>

#include "tests/gui/gui_helpers.h"
#include "tests/support/test_support.h"
#include "widgets/session/checkpointsmodel.h"
#include "widgets/territory/documentfilter.h"
#include "widgets/territory/documentorder.h"
#include "widgets/territory/documentsmodel.h"
#include "widgets/charts/chartpanel.h"
#include "widgets/shell/mainwindow.h"
#include "widgets/map/mapview.h"
#include "widgets/overview/overviewview.h"
#include "widgets/map/scatterplot.h"
#include "widgets/session/sessiondock.h"
#include "widgets/session/slicedialog.h"
#include "widgets/overview/summarymodel.h"
#include "widgets/territory/territoryview.h"
#include "widgets/territory/tokenstrip.h"
#include "widgets/territory/topkmodel.h"

namespace {

QAction* findAction(QMenuBar* bar, const QString& text) {
  for (QAction* menu : bar->actions())
    for (QAction* a : menu->menu()->actions())
      if (a->text().remove(QLatin1Char('&')).startsWith(text)) return a;
  return nullptr;
}

}  // namespace

// Outside the anonymous namespace: the tests derive from it, and in a unity batch GCC warns about a
// base with internal linkage from another file.
class Workbench : public ::testing::Test {
 protected:
  void SetUp() override {
    QSettings().clear();
    window = std::make_unique<widgets::MainWindow>(backend);
    window->resize(1400, 900);
    window->show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(window.get()));
    window->openSession(backend->initial().path);
    ASSERT_TRUE(QTest::qWaitFor([&] { return session()->digest() != nullptr; }, 10000));
  }
  void TearDown() override {
    session()->undoStack()->setClean();  // no "save changes?" question when the window goes
    window.reset();
    QSettings().clear();
  }
  widgets::Session* session() const { return window->session(); }

  std::shared_ptr<const core::analysis::RunResult> run = fixture::makeRun();
  std::shared_ptr<fixture::MemoryBackend> backend = std::make_shared<fixture::MemoryBackend>(run);
  std::unique_ptr<widgets::MainWindow> window;
};

TEST_F(Workbench, ATokenClickedInTheStripIsSelectedInEveryView) {
  window->views()->setCurrentIndex(widgets::MainWindow::TerritoryTab);
  widgets::TokenStrip* strip = window->territory()->strip();
  ASSERT_TRUE(QTest::qWaitFor([&] { return strip->document() == 0 && strip->lineCount() > 0; }, 3000));
  // Position 4 of document 0 is sampled in the projection (every second position is).
  const int position = 4;
  const QRect cell = strip->tokenRect(position);
  ASSERT_TRUE(strip->viewport()->rect().contains(cell.center()));
  QTest::mouseClick(strip->viewport(), Qt::LeftButton, {}, cell.center());

  EXPECT_EQ(session()->selection()->document(), 0);
  EXPECT_EQ(session()->selection()->position(), position);
  EXPECT_EQ(strip->current(), position);
  EXPECT_EQ(window->territory()->topK()->position(), position) << "the top-k panel follows";
  const int point = window->map()->pointOf(0, position);
  ASSERT_GE(point, 0);
  EXPECT_EQ(window->map()->plot()->highlighted(), point) << "the Map view rings the same token";
  EXPECT_TRUE(window->statusBar()->findChildren<QLabel*>().size() > 0);
  // The top-k panel shows each map's most probable tokens; the truth is marked where it appears.
  const auto& top = run->documents[0].maps[0];
  EXPECT_EQ(window->territory()->topK()->index(0, 0).data(widgets::TopKModel::TokenIdRole).toInt(),
            top.top_ids[std::size_t(position) * std::size_t(top.top_k)]);
}

TEST_F(Workbench, APointClickedInTheMapShowsItsTokenInTheTerritoryView) {
  window->views()->setCurrentIndex(widgets::MainWindow::MapTab);
  widgets::ScatterPlot* plot = window->map()->plot();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(plot));
  // A point of another document than the one shown, away from its neighbours.
  int target = -1;
  for (std::size_t i = 0; i < run->projection.points.size() && target < 0; ++i) {
    const auto& p = run->projection.points[i];
    if (p.document != 5) continue;
    const QPointF w = plot->toWidget(QPointF(p.x, p.y));
    if (plot->plotArea().contains(w.toPoint()) && plot->pointAt(w, 3) == int(i)) target = int(i);
  }
  ASSERT_GE(target, 0);
  const auto& p = run->projection.points[std::size_t(target)];
  QTest::mouseDClick(plot, Qt::LeftButton, {}, plot->toWidget(QPointF(p.x, p.y)).toPoint());
  EXPECT_EQ(session()->selection()->document(), 5);
  EXPECT_EQ(session()->selection()->position(), p.position);
  EXPECT_EQ(window->views()->currentIndex(), int(widgets::MainWindow::TerritoryTab)) << "double-click opens the token";
  EXPECT_EQ(window->territory()->strip()->document(), 5);
  EXPECT_EQ(window->territory()->strip()->current(), p.position);
}

TEST_F(Workbench, TheMapZoomsPansAndLassoesASlice) {
  window->views()->setCurrentIndex(widgets::MainWindow::MapTab);
  widgets::ScatterPlot* plot = window->map()->plot();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(plot));
  const QRectF before = plot->viewRect();
  const QPoint centre = plot->plotArea().center();
  const QPointF anchor = plot->toData(centre);
  QWheelEvent wheel(centre, plot->mapToGlobal(centre), {}, QPoint(0, 240), Qt::NoButton, {}, Qt::NoScrollPhase, false);
  QApplication::sendEvent(plot, &wheel);
  EXPECT_LT(plot->viewRect().width(), 0.8 * before.width()) << "two wheel steps zoom in";
  EXPECT_NEAR(plot->toData(centre).x(), anchor.x(), 1e-9 * before.width()) << "zoom keeps the point under the cursor";
  const QRectF zoomed = plot->viewRect();
  QTest::mousePress(plot, Qt::LeftButton, {}, centre);
  QTest::mouseMove(plot, centre + QPoint(100, 0));
  QTest::mouseRelease(plot, Qt::LeftButton, {}, centre + QPoint(100, 0));
  EXPECT_LT(plot->viewRect().left(), zoomed.left()) << "dragging right pans the view left";
  plot->resetView();

  // Shift+drag a triangle; the name dialog that follows is answered like a user would.
  const QRect a = plot->plotArea();
  const QPoint p0 = a.topLeft() + QPoint(a.width() / 4, a.height() / 4);
  const QPoint p1 = a.topLeft() + QPoint(3 * a.width() / 4, a.height() / 4);
  const QPoint p2 = a.topLeft() + QPoint(a.width() / 2, 3 * a.height() / 4);
  QTimer::singleShot(200, [] {
    if (auto* dialog = qobject_cast<QInputDialog*>(QApplication::activeModalWidget())) {
      dialog->setTextValue(QStringLiteral("upper cluster"));
      dialog->accept();
    }
  });
  QTest::mousePress(plot, Qt::LeftButton, Qt::ShiftModifier, p0);
  for (const QPoint& p : {p1, p2, p0}) QTest::mouseMove(plot, p);
  QTest::mouseRelease(plot, Qt::LeftButton, Qt::ShiftModifier, p0);
  ASSERT_EQ(session()->slices().size(), 1u);
  const widgets::SliceEntry& slice = session()->slices()[0];
  EXPECT_EQ(slice.name, QStringLiteral("upper cluster"));
  EXPECT_EQ(slice.definition.kind, widgets::SliceDefinition::Kind::Lasso);
  EXPECT_EQ(session()->selection()->slice(), slice.id) << "the new slice is shown at once";
  ASSERT_TRUE(QTest::qWaitFor([&] { return session()->digest() && session()->digest()->positions; }, 10000));
  // Independent truth: the projected points inside the triangle, in data coordinates.
  const QPolygonF triangle({plot->toData(p0), plot->toData(p1), plot->toData(p2)});
  std::int64_t inside = 0;
  for (const auto& p : run->projection.points) inside += triangle.containsPoint(QPointF(p.x, p.y), Qt::OddEvenFill);
  EXPECT_GT(inside, 0);
  EXPECT_EQ(session()->digest()->positions->count, inside);
}

// The dialog's Combine tab: "not dialog" over the saved "dialog" slice keeps exactly the other genres'
// positions (closed form from the run's metadata), renaming the operand keeps the combination, and a
// combination that names itself is refused with the chain.
TEST_F(Workbench, ACombinedSliceFromTheDialogKeepsTheComplementAndFollowsRenames) {
  widgets::SliceDefinition dialogGenre;
  dialogGenre.kind = widgets::SliceDefinition::Kind::Metadata;
  dialogGenre.field = "genre";
  dialogGenre.values = {"dialog"};
  const qint64 saved = session()->addSlice(QStringLiteral("dialog"), dialogGenre);
  auto dialog = std::make_unique<widgets::SliceDialog>(session()->currentRun(), QStringList{}, window.get(),
                                                       session()->slices());
  dialog->kinds()->setCurrentIndex(3);  // Combine
  EXPECT_FALSE(dialog->problem().isEmpty()) << "no slice ticked yet";
  dialog->combination()->setCurrentIndex(dialog->combination()->findData(int(widgets::SliceDefinition::Kind::Not)));
  dialog->operands()->item(0)->setCheckState(Qt::Checked);
  EXPECT_TRUE(dialog->problem().isEmpty()) << dialog->problem().toStdString();
  dialog->nameEdit()->setText(QStringLiteral("dialog"));
  EXPECT_TRUE(dialog->problem().contains(QStringLiteral("refers to itself"))) << dialog->problem().toStdString();
  dialog->nameEdit()->setText(QStringLiteral("not dialog"));
  const widgets::SliceDefinition combined = dialog->definition();
  EXPECT_EQ(combined.to_json(), R"({"kind":"not","of":[{"kind":"ref","slice":"dialog"}]})");
  const qint64 id = session()->addSlice(dialog->name(), combined);
  session()->selection()->setSlice(id);
  ASSERT_TRUE(QTest::qWaitFor([&] { return session()->digest() && session()->digest()->positions; }, 10000));
  std::int64_t others = 0;
  for (const auto& d : run->documents)
    if (d.metadata.at("genre") != "dialog") others += std::int64_t(d.scored());
  ASSERT_GT(others, 0);
  EXPECT_EQ(session()->digest()->positions->count, others);
  session()->renameSlice(saved, QStringLiteral("dialogue"));
  EXPECT_EQ(session()->slice(id)->definition.operands.at(0).reference, "dialogue");
  ASSERT_TRUE(session()->resolvedSlice(id).has_value());
}

TEST_F(Workbench, ASliceFromTheDialogRestrictsTheViewsAndUndoBringsEverythingBack) {
  auto* dialog = new widgets::SliceDialog(session()->currentRun(), {}, window.get());
  dialog->kinds()->setCurrentIndex(1);  // metadata
  dialog->field()->setCurrentText(QStringLiteral("genre"));
  QListWidget* values = dialog->values();
  ASSERT_EQ(values->count(), 3);
  EXPECT_FALSE(dialog->problem().isEmpty()) << "no value ticked yet";
  values->findItems(QStringLiteral("dialog"), Qt::MatchExactly)[0]->setCheckState(Qt::Checked);
  EXPECT_TRUE(dialog->problem().isEmpty());
  const qint64 id = session()->addSlice(dialog->name(), dialog->definition());
  session()->selection()->setSlice(id);
  delete dialog;
  ASSERT_TRUE(QTest::qWaitFor([&] { return session()->digest() && session()->digest()->positions; }, 10000));

  // The document list keeps only dialog documents; the scatter greys the rest out.
  auto* filter = window->territory()->filter();
  int dialogs = 0;
  for (const auto& d : run->documents) dialogs += d.metadata.at("genre") == "dialog";
  EXPECT_EQ(filter->rowCount(), dialogs);
  std::int64_t tokens = 0;
  for (const auto& d : run->documents)
    if (d.metadata.at("genre") == "dialog") tokens += std::int64_t(d.scored());
  EXPECT_EQ(window->overview()->summary()->index(0, window->overview()->summary()->column("tokens")).data(widgets::SummaryModel::ValueRole).toDouble(),
            double(tokens));

  QAction* undo = findAction(window->menuBar(), QStringLiteral("Undo"));
  ASSERT_NE(undo, nullptr);
  EXPECT_TRUE(undo->text().contains(QStringLiteral("genre"))) << undo->text().toStdString();
  undo->trigger();
  EXPECT_TRUE(session()->slices().empty());
  ASSERT_TRUE(QTest::qWaitFor([&] { return session()->digest() && !session()->digest()->positions; }, 10000));
  EXPECT_EQ(filter->rowCount(), int(run->documents.size()));
}

TEST_F(Workbench, ASpanDraggedInTheStripCanBeAnnotatedAndFoundAgain) {
  window->views()->setCurrentIndex(widgets::MainWindow::TerritoryTab);
  widgets::TokenStrip* strip = window->territory()->strip();
  ASSERT_TRUE(QTest::qWaitFor([&] { return strip->lineCount() > 0; }, 3000));
  QTest::mousePress(strip->viewport(), Qt::LeftButton, {}, strip->tokenRect(2).center());
  QTest::mouseMove(strip->viewport(), strip->tokenRect(4).center());
  QTest::mouseRelease(strip->viewport(), Qt::LeftButton, {}, strip->tokenRect(5).center());
  const auto span = session()->selection()->span();
  EXPECT_EQ(span.document, 0);
  EXPECT_EQ(span.first, 2);
  EXPECT_EQ(span.last, 5);
  const qint64 id = window->territory()->annotateSelection(QStringLiteral("tuned maps agree here"));
  ASSERT_NE(id, 0);
  QTableView* list = window->sessionDock()->annotations();
  ASSERT_EQ(list->model()->rowCount(), 1);
  EXPECT_EQ(list->model()->index(0, 0).data().toString(), QStringLiteral("tuned maps agree here"));
  QTest::keyClicks(window->sessionDock()->annotationSearch(), QStringLiteral("AGREE"));
  EXPECT_EQ(list->model()->rowCount(), 1) << "search is case-insensitive";
  window->sessionDock()->annotationSearch()->setText(QStringLiteral("nothing like it"));
  EXPECT_EQ(list->model()->rowCount(), 0);
}

TEST_F(Workbench, TheDocumentListSortsByAStatisticAndSearchesText) {
  QTableView* table = window->territory()->documents();
  table->sortByColumn(widgets::DocumentsModel::KlBtColumn, Qt::DescendingOrder);
  const int map = session()->selection()->map();
  ASSERT_EQ(map, 1);
  double previous = 1e300;
  for (int r = 0; r < table->model()->rowCount(); ++r) {
    const int doc = table->model()->index(r, 0).data(widgets::DocumentsModel::DocumentRole).toInt();
    const double kl = run->documents[std::size_t(doc)].stats[1].kl_bt_mean;
    EXPECT_LE(kl, previous);
    previous = kl;
  }
  // Another map chosen: the same column sorts by that map's values, not by the last sort's.
  session()->selection()->setMap(2);
  previous = 1e300;
  for (int r = 0; r < table->model()->rowCount(); ++r) {
    const int doc = table->model()->index(r, 0).data(widgets::DocumentsModel::DocumentRole).toInt();
    const double kl = run->documents[std::size_t(doc)].stats[2].kl_bt_mean;
    EXPECT_LE(kl, previous) << "row " << r;
    previous = kl;
  }
  // By name: natural order, whatever order the documents came in.
  table->sortByColumn(widgets::DocumentsModel::NameColumn, Qt::AscendingOrder);
  for (int r = 1; r < table->model()->rowCount(); ++r)
    EXPECT_FALSE(widgets::naturalLess(table->model()->index(r, 0).data().toString(),
                                      table->model()->index(r - 1, 0).data().toString()))
        << "row " << r;
  session()->selection()->setMap(1);
  // A word that occurs in only some documents' text.
  int withMoon = 0;
  for (const auto& d : run->documents)
    withMoon += std::any_of(d.tokens.begin() + 1, d.tokens.end(), [&](int t) { return run->token_texts[std::size_t(t)] == " moon"; });
  ASSERT_GT(withMoon, 0);
  window->territory()->search()->setText(QStringLiteral("moon"));
  EXPECT_EQ(table->model()->rowCount(), withMoon);
}

TEST_F(Workbench, CheckpointsAreRenamedInlineAndReorderedWithUndo) {
  QTableView* table = window->sessionDock()->checkpoints();
  QAbstractItemModel* model = table->model();
  ASSERT_TRUE(model->setData(model->index(1, widgets::CheckpointsModel::NameColumn), QStringLiteral("SFT"), Qt::EditRole));
  EXPECT_EQ(session()->checkpoints()[1].name, QStringLiteral("SFT"));
  EXPECT_EQ(window->overview()->summary()->index(1, widgets::SummaryModel::MapColumn).data().toString(), QStringLiteral("SFT"))
      << "the Overview shows the new name";
  table->setCurrentIndex(model->index(2, 0));
  window->sessionDock()->findChild<QPushButton*>(QStringLiteral("checkpointUp"))->click();
  EXPECT_EQ(session()->checkpoints()[1].name, QStringLiteral("rl-happy"));
  EXPECT_EQ(table->currentIndex().row(), 1) << "the moved checkpoint stays selected";
  EXPECT_EQ(session()->lineageOrder(), (std::vector<int>{0, 2, 1})) << "the lineage follows the session's order";
  EXPECT_TRUE(window->isWindowModified());
  session()->undoStack()->undo();
  session()->undoStack()->undo();
  EXPECT_EQ(session()->checkpoints()[1].name, QStringLiteral("sft-dialog"));
  EXPECT_FALSE(window->isWindowModified());
}

TEST_F(Workbench, CheckpointFoldersDroppedOnTheWindowJoinTheSession) {
  testsupport::TempDir dir;
  std::filesystem::create_directory(dir / "dpo-step-400");
  QMimeData mime;
  mime.setUrls({QUrl::fromLocalFile(QString::fromStdString((dir / "dpo-step-400").string()))});
  QDragEnterEvent enter(QPoint(300, 300), Qt::CopyAction, &mime, Qt::LeftButton, {});
  QApplication::sendEvent(window.get(), &enter);
  EXPECT_TRUE(enter.isAccepted());
  QDropEvent drop(QPointF(300, 300), Qt::CopyAction, &mime, Qt::LeftButton, {});
  QApplication::sendEvent(window.get(), &drop);
  ASSERT_EQ(session()->checkpoints().size(), 4u);
  EXPECT_EQ(session()->checkpoints()[3].name, QStringLiteral("dpo-step-400"));
  EXPECT_EQ(session()->checkpoints()[3].format, QStringLiteral("hf-safetensors"));
}

TEST_F(Workbench, TheOverviewShowsEveryCompareFieldAndExportsCharts) {
  widgets::SummaryModel* summary = window->overview()->summary();
  ASSERT_EQ(summary->rowCount(), 3);
  // The table's in_table fields, less the zoom ones for a run without a prompt.
  std::vector<std::string> keys, expected;
  for (int c = 0; c < summary->columnCount(); ++c)
    if (summary->field(c)) keys.emplace_back(summary->field(c)->key);
  for (const core::analysis::SummaryField& f : core::analysis::summary_fields())
    if (f.in_table && f.applies != core::analysis::Applies::Zoom) expected.emplace_back(f.key);
  EXPECT_EQ(keys, expected);
  EXPECT_EQ(summary->column("zoom_recovered"), -1) << "zoom_recovered appears only for runs with a prompt";
  EXPECT_NE(summary->column("nll_mean"), -1);
  const auto& rl = run->summaries[2];
  const int kl = summary->column("kl_bt_mean"), ece = summary->column("ece");
  EXPECT_EQ(summary->index(2, kl).data().toString(), QString::number(rl.kl_bt_mean, 'f', summary->field(kl)->precision));
  EXPECT_EQ(summary->index(2, ece).data().toString(), QString::number(rl.ece, 'f', summary->field(ece)->precision));
  EXPECT_EQ(summary->index(0, summary->column("delta_nll")).data().toString(), QStringLiteral("—")) << "no Δ for the base";

  // Legends name every map; the reliability legend carries each map's ECE.
  QList<widgets::ChartPanel*> charts = window->overview()->charts();
  ASSERT_EQ(charts.size(), 6);
  const QStringList reliability = charts[3]->legendTexts();
  ASSERT_EQ(reliability.size(), 3);
  EXPECT_EQ(reliability[2], QStringLiteral("rl-happy · ECE %1").arg(rl.ece, 0, 'f', 3));
  for (widgets::ChartPanel* c : charts) EXPECT_FALSE(c->axisTitles().join(QString()).isEmpty()) << c->title().toStdString();

  // Left in the artifacts folder for a person to check what a paper would get.
  const auto dir = testsupport::artifacts_dir();
  const QString png = QString::fromStdString((dir / "export-reliability.png").string());
  const QString svg = QString::fromStdString((dir / "export-reliability.svg").string());
  ASSERT_TRUE(charts[3]->exportPng(png));
  ASSERT_TRUE(charts[3]->exportSvg(svg));
  const QImage image(png);
  EXPECT_GE(image.width(), 2 * 300) << "exported at twice the screen size";
  const std::string text = testsupport::read_file(dir / "export-reliability.svg");
  EXPECT_NE(text.find("<svg"), std::string::npos);
  // Legends are text in the SVG, and whole: Qt Charts elides a label that does not fit ("rl-happy · E...").
  EXPECT_NE(text.find(QStringLiteral("rl-happy · ECE %1").arg(rl.ece, 0, 'f', 3).toStdString()), std::string::npos);
  EXPECT_EQ(text.find("...<"), std::string::npos) << "an elided label";
}

// The summary table is the field table: a field added to core/analysis/fields.cpp with in_table
// becomes a column here, titled and explained by the table.
TEST_F(Workbench, TheSummaryModelHasOneColumnPerTableField) {
  widgets::RunEntry entry;
  entry.name = QStringLiteral("zoomed");
  session()->addRun(entry, fixture::makeRun({.documents = 4, .prompt = true}));
  session()->selection()->setRun(session()->runs().back().id);
  ASSERT_TRUE(guitest::waitForDigest(*session()));
  widgets::SummaryModel* summary = window->overview()->summary();
  int column = widgets::SummaryModel::FirstFieldColumn;
  for (const core::analysis::SummaryField& f : core::analysis::summary_fields()) {
    if (!f.in_table) {
      EXPECT_EQ(summary->column(f.key), -1) << f.key;
      continue;
    }
    ASSERT_EQ(summary->field(column), &f) << f.key;
    EXPECT_EQ(summary->column(f.key), column);
    EXPECT_EQ(summary->headerData(column, Qt::Horizontal, Qt::DisplayRole).toString(),
              QString::fromUtf8(f.label.data(), qsizetype(f.label.size())));
    EXPECT_EQ(summary->headerData(column, Qt::Horizontal, Qt::ToolTipRole).toString(),
              QString::fromUtf8(f.description.data(), qsizetype(f.description.size())));
    ++column;
  }
  EXPECT_EQ(summary->columnCount(), column);
}

TEST_F(Workbench, AZoomedRunAddsTheZoomRecoveredColumn) {
  auto zoomed = fixture::makeRun({.documents = 4, .prompt = true});
  widgets::RunEntry entry;
  entry.name = QStringLiteral("zoomed");
  session()->addRun(entry, zoomed);
  session()->selection()->setRun(session()->runs().back().id);
  ASSERT_TRUE(guitest::waitForDigest(*session()));
  widgets::SummaryModel* summary = window->overview()->summary();
  const int zoom = summary->column("zoom_recovered");
  ASSERT_EQ(zoom, summary->columnCount() - 1) << "the zoom column comes last, and only with a prompt";
  EXPECT_EQ(summary->headerData(zoom, Qt::Horizontal, Qt::DisplayRole).toString(),
            QStringLiteral("Zoom recovered"));
  EXPECT_EQ(summary->index(1, zoom).data().toString(),
            QStringLiteral("%1 %").arg(100 * zoomed->summaries[1].zoom_recovered, 0, 'f', 1));
}
