// The document list's order (widgets/territory/documentorder.h): a large run's documents are sorted
// on a worker, the list keeping its rows and its selected document while it runs; the order that
// arrives is the column's, as a plain stable sort of the run's own statistics gives it; a sort asked
// for while another runs replaces it; a cancelled sort stops.
#include <gtest/gtest.h>

#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <algorithm>
#include <numeric>
#include <random>

#include "tests/gui/run_fixture.h"
#include "widgets/session/selection.h"
#include "widgets/session/session.h"
#include "widgets/shell/jobsmodel.h"
#include "widgets/shell/mainwindow.h"
#include "widgets/territory/documentfilter.h"
#include "widgets/territory/documentorder.h"
#include "widgets/territory/documentsmodel.h"
#include "widgets/territory/territoryview.h"

namespace documentordertest {

// The documents by one map's statistic, descending, ties in the run's order: computed here from the
// run, not through the widgets.
std::vector<int> byStatisticDescending(const core::analysis::RunResult& run, int map,
                                       double core::analysis::DocumentStats::*field) {
  std::vector<int> rows(run.documents.size());
  std::iota(rows.begin(), rows.end(), 0);
  std::stable_sort(rows.begin(), rows.end(), [&](int a, int b) {
    return run.documents[std::size_t(a)].stats[std::size_t(map)].*field > run.documents[std::size_t(b)].stats[std::size_t(map)].*field;
  });
  return rows;
}

std::vector<int> listed(QTableView* table) {
  std::vector<int> rows;
  for (int r = 0; r < table->model()->rowCount(); ++r)
    rows.push_back(table->model()->index(r, 0).data(widgets::DocumentsModel::DocumentRole).toInt());
  return rows;
}

}  // namespace documentordertest

class DocumentList : public ::testing::Test {
 protected:
  void SetUp() override {
    QSettings().clear();
    window = std::make_unique<widgets::MainWindow>(backend);
    window->resize(1200, 800);
    window->show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(window.get()));
    window->views()->setCurrentIndex(widgets::MainWindow::TerritoryTab);
    window->openSession(backend->initial().path);
    ASSERT_TRUE(QTest::qWaitFor([&] { return window->session()->digest() != nullptr; }, 10000));
    table = window->territory()->documents();
    model = qobject_cast<widgets::DocumentsModel*>(window->territory()->filter()->sourceModel());
    ASSERT_NE(model, nullptr);
    ASSERT_TRUE(window->session()->jobs()->waitForAll(10000));
  }
  void TearDown() override {
    window->session()->undoStack()->setClean();
    window.reset();
    QSettings().clear();
  }

  std::shared_ptr<const core::analysis::RunResult> run =
      fixture::makeRun({.documents = 400, .minTokens = 4, .maxTokens = 9, .seed = 11});
  std::shared_ptr<fixture::MemoryBackend> backend = std::make_shared<fixture::MemoryBackend>(run);
  std::unique_ptr<widgets::MainWindow> window;
  QTableView* table = nullptr;
  widgets::DocumentsModel* model = nullptr;
};

TEST_F(DocumentList, ALargeRunSortsOnAWorkerAndKeepsTheChosenDocument) {
  using documentordertest::byStatisticDescending;
  using documentordertest::listed;
  // Sorted at once below kSortOnWorkerFrom documents: this run is as "large" as that with the bound lowered.
  ASSERT_LT(int(run->documents.size()), widgets::DocumentsModel::kSortOnWorkerFrom);
  model->setSortOnWorkerFrom(1);
  window->session()->selection()->setDocument(123);
  ASSERT_EQ(table->currentIndex().data(widgets::DocumentsModel::DocumentRole).toInt(), 123);
  const std::vector<int> before = listed(table);

  QSignalSpy sorted(model, &widgets::DocumentsModel::sorted);
  table->sortByColumn(widgets::DocumentsModel::KlBtColumn, Qt::DescendingOrder);
  EXPECT_TRUE(model->sorting()) << "the order is computed on a worker";
  EXPECT_EQ(listed(table), before) << "the list keeps its rows until the order arrives";
  const widgets::JobsModel* jobs = window->session()->jobs();
  EXPECT_EQ(jobs->index(jobs->rowCount() - 1, widgets::JobsModel::TitleColumn).data().toString(),
            QStringLiteral("Sorting 400 documents"))
      << "the sort is a job in the jobs list";
  ASSERT_TRUE(QTest::qWaitFor([&] { return !model->sorting(); }, 10000));
  EXPECT_EQ(sorted.count(), 1);
  const int map = window->session()->selection()->map();
  ASSERT_EQ(map, 1);
  EXPECT_EQ(listed(table), byStatisticDescending(*run, 1, &core::analysis::DocumentStats::kl_bt_mean));
  EXPECT_NE(listed(table), before);
  EXPECT_EQ(table->currentIndex().data(widgets::DocumentsModel::DocumentRole).toInt(), 123)
      << "the chosen document stays chosen where its row moved";
  EXPECT_EQ(window->session()->selection()->document(), 123);

  // Another map: the column sorts again by that map's values, on the worker too.
  window->session()->selection()->setMap(2);
  EXPECT_TRUE(model->sorting());
  ASSERT_TRUE(QTest::qWaitFor([&] { return !model->sorting(); }, 10000));
  EXPECT_EQ(listed(table), byStatisticDescending(*run, 2, &core::analysis::DocumentStats::kl_bt_mean));

  // Two sorts asked for in a row: the second's order is the one that arrives, once.
  sorted.clear();
  table->sortByColumn(widgets::DocumentsModel::NllColumn, Qt::AscendingOrder);
  table->sortByColumn(widgets::DocumentsModel::EntropyColumn, Qt::DescendingOrder);
  ASSERT_TRUE(QTest::qWaitFor([&] { return !model->sorting(); }, 10000));
  ASSERT_TRUE(window->session()->jobs()->waitForAll(10000));
  QTest::qWait(50);  // a superseded sort's answer, had it been applied, would have arrived by now
  EXPECT_EQ(sorted.count(), 1);
  EXPECT_EQ(listed(table), byStatisticDescending(*run, 2, &core::analysis::DocumentStats::entropy_mean));
  EXPECT_EQ(table->currentIndex().data(widgets::DocumentsModel::DocumentRole).toInt(), 123);

  // Sorted at once (the default bound), the same column gives the same order.
  model->setSortOnWorkerFrom(widgets::DocumentsModel::kSortOnWorkerFrom);
  const std::vector<int> onWorker = listed(table);
  table->sortByColumn(widgets::DocumentsModel::NllColumn, Qt::AscendingOrder);
  table->sortByColumn(widgets::DocumentsModel::EntropyColumn, Qt::DescendingOrder);
  EXPECT_FALSE(model->sorting());
  EXPECT_EQ(listed(table), onWorker);
}

TEST(DocumentOrder, NamesInNaturalOrderAndACancelledSortStops) {
  core::analysis::RunResult run;
  run.maps.resize(2);
  for (int d = 0; d < 200000; ++d) {
    core::analysis::DocumentResult doc;
    doc.index = d;
    doc.name = "doc-" + std::to_string((d * 7919) % 200000);  // every number once, out of order
    run.documents.push_back(std::move(doc));
  }
  auto rows = widgets::documentOrder(run, 1, widgets::DocumentsModel::NameColumn, Qt::AscendingOrder);
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), run.documents.size());
  for (std::size_t r = 0; r < rows->size(); ++r)
    ASSERT_EQ(run.documents[std::size_t((*rows)[r])].name, "doc-" + std::to_string(r)) << "doc-2 before doc-10";
  core::CancelToken cancel;
  cancel.cancel();
  EXPECT_FALSE(widgets::documentOrder(run, 1, widgets::DocumentsModel::NameColumn, Qt::DescendingOrder, &cancel));
}

TEST(DocumentOrder, NamesOutsideAsciiSortAsNaturalLessSortsThem) {
  // The order sorts UTF-8 names byte by byte while they are ASCII: it must agree with naturalLess on
  // the names as QStrings everywhere, digits and letters outside ASCII included.
  const std::vector<std::string> pieces = {"a", "B", "z", "-", "0", "1", "9", "07", "10", "é", "É", "٣", "ß", "x", "\xF0\x9F\x97\xBA"};
  std::mt19937 rng(5);
  core::analysis::RunResult run;
  run.maps.resize(1);
  for (int d = 0; d < 4000; ++d) {
    core::analysis::DocumentResult doc;
    doc.index = d;
    const int n = 1 + int(rng() % 6);
    for (int k = 0; k < n; ++k) doc.name += pieces[rng() % pieces.size()];
    run.documents.push_back(std::move(doc));
  }
  std::vector<int> expected(run.documents.size());
  std::iota(expected.begin(), expected.end(), 0);
  std::stable_sort(expected.begin(), expected.end(), [&](int a, int b) {
    return widgets::naturalLess(QString::fromStdString(run.documents[std::size_t(a)].name),
                                QString::fromStdString(run.documents[std::size_t(b)].name));
  });
  auto rows = widgets::documentOrder(run, 0, widgets::DocumentsModel::NameColumn, Qt::AscendingOrder);
  ASSERT_TRUE(rows);
  EXPECT_EQ(*rows, expected);
  std::vector<int> descending(run.documents.size());
  std::iota(descending.begin(), descending.end(), 0);
  std::stable_sort(descending.begin(), descending.end(), [&](int a, int b) {
    return widgets::naturalLess(QString::fromStdString(run.documents[std::size_t(b)].name),
                                QString::fromStdString(run.documents[std::size_t(a)].name));
  });
  EXPECT_EQ(*widgets::documentOrder(run, 0, widgets::DocumentsModel::NameColumn, Qt::DescendingOrder), descending);
}
