// File → Export Figure…, File → Export Token Data… and Report → Export Report… in the workbench: on
// the session the export tests write (export_fixture.h), opened as a user opens it; the files are
// written by the Jobs dock's workers while the event loop keeps running.
#include <gtest/gtest.h>

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QContextMenuEvent>
#include <QDialog>
#include <QMenu>
#include <QTableView>
#include <QTimer>
#include <cmath>
#include <memory>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QSettings>
#include <QSignalSpy>
#include <QTest>

#include "tests/gui/export_fixture.h"
#include "tests/support/test_support.h"
#include "widgets/charts/chartpanel.h"
#include "widgets/charts/lineagechart.h"
#include "widgets/export/exportactions.h"
#include "widgets/export/figuremenu.h"
#include "widgets/lineage/lineageview.h"
#include "widgets/map/mapview.h"
#include "widgets/map/scatterplot.h"
#include "widgets/overview/overviewview.h"
#include "widgets/studio/samplecolumns.h"
#include "widgets/studio/zoombars.h"
#include "widgets/studio/zoomstudio.h"
#include "widgets/territory/territoryview.h"
#include "widgets/territory/tokenstrip.h"
#include "widgets/session/session.h"
#include "widgets/shell/mainwindow.h"

TEST(ExportActions, MenusExportTheCurrentRunOnWorkers) {
  QSettings().clear();
  widgets::MainWindow window;
  for (const char* name : {"exportFigureAction", "exportTokensAction", "exportReportAction"})
    EXPECT_TRUE(window.findChild<QAction*>(QString::fromLatin1(name))) << name;
  window.openSession(exportfixture::session().path);
  widgets::Session* s = window.session();
  ASSERT_TRUE(QTest::qWaitFor([&] { return s->digest() != nullptr; }, 60000)) << "the run opens and is summarised";

  testsupport::TempDir dir;
  widgets::ExportActions* exports = window.exports();
  QSignalSpy done(exports, &widgets::ExportActions::exported);
  QSignalSpy failed(exports, &widgets::ExportActions::failed);
  widgets::FigureExportOptions pdf;
  pdf.format = widgets::FigureFormat::Pdf;
  const QString figure = QString::fromStdString((dir / "quadrants.pdf").string());
  QElapsedTimer timer;
  timer.start();
  exports->exportFigure(QStringLiteral("quadrants"), figure, pdf);
  EXPECT_LT(timer.elapsed(), 200) << "the event loop is not kept waiting";
  ASSERT_TRUE(QTest::qWaitFor([&] { return done.count() + failed.count() == 1; }, 60000));
  ASSERT_EQ(done.count(), 1) << (failed.isEmpty() ? "" : failed.first().first().toString().toStdString());
  EXPECT_EQ(done.first().first().toStringList().size(), 3);
  EXPECT_TRUE(QFileInfo(figure).size() > 1000);

  const QString tokens = QString::fromStdString((dir / "tokens.jsonl").string());
  exports->exportTokens(tokens, false);
  ASSERT_TRUE(QTest::qWaitFor([&] { return done.count() + failed.count() == 2; }, 60000));
  ASSERT_EQ(done.count(), 2) << (failed.isEmpty() ? "" : failed.first().first().toString().toStdString());
  std::size_t lines = 0, scored = 0;
  for (char c : testsupport::read_file(tokens.toStdString())) lines += c == '\n';
  for (const auto& d : s->digest()->run->documents) scored += d.scored();
  EXPECT_EQ(lines, scored) << "one line per scored position";

  const QString report = QString::fromStdString((dir / "report.html").string());
  exports->exportReport(report, false);
  ASSERT_TRUE(QTest::qWaitFor([&] { return done.count() + failed.count() == 3; }, 60000));
  ASSERT_EQ(done.count(), 3);
  EXPECT_TRUE(QFileInfo(report).size() > 10000);

  exports->exportReport(report, false);  // exists: an error in the Issues dock, the file kept
  ASSERT_TRUE(QTest::qWaitFor([&] { return failed.count() == 1; }, 60000));
  EXPECT_TRUE(failed.first().first().toString().contains(QStringLiteral("exists"))) << failed.first().first().toString().toStdString();
}

// Every view that shows an exportable figure offers Export Figure… and Copy Figure in its context menu,
// with the options it shows; a copy lands on the clipboard as the figure's image.
TEST(ExportActions, EveryFigureViewOffersExportAndCopyInItsContextMenu) {
  QSettings().clear();
  widgets::MainWindow window;
  window.resize(1400, 900);
  window.show();
  window.openSession(exportfixture::session().path);
  widgets::Session* s = window.session();
  ASSERT_TRUE(QTest::qWaitFor([&] { return s->digest() != nullptr; }, 60000));
  QStringList offered;
  for (widgets::ChartPanel* c : window.overview()->charts()) offered << c->figureName();
  for (widgets::LineageChart* c : window.lineage()->charts()) {
    EXPECT_EQ(c->figureName(), QStringLiteral("lineage"));
    offered << c->figureName();
  }
  const QList<QPair<QWidget*, QString>> views = {
      {window.map()->plot(), QStringLiteral("map")},
      {window.findChild<widgets::ZoomBars*>(), QStringLiteral("zoom-token")},
      {window.findChild<widgets::ZoomStudio*>()->rankingView()->viewport(), QStringLiteral("zoom-ranking")},
      {window.findChild<widgets::SampleColumnsView*>(), QStringLiteral("samples")}};
  for (const auto& [view, figure] : views) {
    ASSERT_TRUE(view) << figure.toStdString();
    auto* menu = view->findChild<widgets::FigureMenu*>(QStringLiteral("figureMenu-%1").arg(figure), Qt::FindDirectChildrenOnly);
    EXPECT_TRUE(menu) << figure.toStdString() << " has no figure menu";
    offered << figure;
  }
  // The token strip keeps its own menu and gets the two actions for the span it was opened on.
  QMenu stripMenu;
  Q_EMIT window.territory()->strip()->menuAboutToShow(&stripMenu, 3, 9);
  ASSERT_TRUE(stripMenu.findChild<QAction*>(QStringLiteral("copyFigureAction")));
  offered << QStringLiteral("strip");
  for (const widgets::FigureKind& k : widgets::figureKinds())
    if (k.name != QLatin1String("topk")) {  // a top-k comparison is the Territory's tooltip, not a view: File → Export Figure…
      EXPECT_TRUE(offered.contains(k.name)) << k.name.toStdString() << " is offered by no view";
    }

  // Right-click the map scatter, choose Copy Figure: the clipboard gets the figure at 192 dpi.
  QSignalSpy done(window.exports(), &widgets::ExportActions::exported);
  QSignalSpy failed(window.exports(), &widgets::ExportActions::failed);
  window.views()->setCurrentIndex(widgets::MainWindow::MapTab);
  QWidget* plot = window.map()->plot();
  QTimer::singleShot(200, [&] {
    auto* popup = qobject_cast<QMenu*>(QApplication::activePopupWidget());
    ASSERT_TRUE(popup) << "no context menu opened";
    QAction* copy = popup->findChild<QAction*>(QStringLiteral("copyFigureAction"));
    ASSERT_TRUE(copy);
    popup->setActiveAction(copy);
    QTest::keyClick(popup, Qt::Key_Return);
  });
  QContextMenuEvent event(QContextMenuEvent::Mouse, plot->rect().center(), plot->mapToGlobal(plot->rect().center()));
  QApplication::sendEvent(plot, &event);
  ASSERT_TRUE(QTest::qWaitFor([&] { return done.count() + failed.count() == 1; }, 60000));
  ASSERT_EQ(done.count(), 1) << (failed.isEmpty() ? "" : failed.first().first().toString().toStdString());
  const QImage copied = QApplication::clipboard()->image();
  auto figure = widgets::buildFigure(QStringLiteral("map"), widgets::exportRunFromSession(*s).source);
  ASSERT_TRUE(figure);
  EXPECT_EQ(copied.width(), int(std::ceil(figure->size.width() * 192 / 96.0)));

  // The dialog offers the headless command's options where the figure reads them.
  std::unique_ptr<QDialog> dialog(window.exports()->figureDialog(QStringLiteral("strip"), window.exports()->currentFigureOptions()));
  auto* combo = dialog->findChild<QComboBox*>(QStringLiteral("figureCombo"));
  auto enabled = [&](const char* option) {
    return dialog->findChild<QWidget*>(QStringLiteral("option-%1").arg(QString::fromLatin1(option)))->isEnabled();
  };
  EXPECT_TRUE(enabled("start") && enabled("length") && enabled("document") && enabled("metric"));
  EXPECT_FALSE(enabled("sample-set") || enabled("zoom") || enabled("field"));
  combo->setCurrentIndex(combo->findData(QStringLiteral("zoom-token")));
  EXPECT_TRUE(enabled("zoom") && enabled("prompt") && enabled("position") && enabled("document"));
  EXPECT_FALSE(enabled("start") || enabled("metric"));
  window.session()->undoStack()->setClean();
}
