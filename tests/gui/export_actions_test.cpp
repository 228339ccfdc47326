// File → Export Figure…, File → Export Token Data… and Report → Export Report… in the workbench: on
// the session the export tests write (export_fixture.h), opened as a user opens it; the files are
// written by the Jobs dock's workers while the event loop keeps running.
#include <gtest/gtest.h>

#include <QAction>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QSettings>
#include <QSignalSpy>
#include <QTest>

#include "tests/gui/export_fixture.h"
#include "tests/support/test_support.h"
#include "widgets/export/exportactions.h"
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
