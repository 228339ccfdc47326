#include <gtest/gtest.h>

#include <QAbstractItemModel>
#include <QDockWidget>
#include <QMenuBar>
#include <QSettings>
#include <QTabWidget>
#include <QTest>

#include "tests/support/test_support.h"
#include "widgets/shell/aboutdialog.h"
#include "widgets/shell/jobsmodel.h"
#include "widgets/shell/mainwindow.h"

TEST(MainWindow, ShowsMenusAndDocksAndSavesAScreenshot) {
  widgets::MainWindow window;
  window.show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
  QStringList menus;
  for (QAction* a : window.menuBar()->actions()) menus << a->text().remove(QLatin1Char('&'));
  EXPECT_EQ(menus, (QStringList{QStringLiteral("File"), QStringLiteral("Edit"), QStringLiteral("View"),
                                QStringLiteral("Run"), QStringLiteral("Report"), QStringLiteral("Help")}));
  for (const char* dock : {"sessionDock", "jobsDock", "issuesDock"})
    EXPECT_NE(window.findChild<QDockWidget*>(QString::fromLatin1(dock)), nullptr) << dock;
  const QImage shot = window.grab().toImage();
  ASSERT_FALSE(shot.isNull());
  const auto path = testsupport::artifacts_dir() / "offscreen-mainwindow.png";
  EXPECT_TRUE(shot.save(QString::fromStdString(path.string())));
}

TEST(MainWindow, LayoutIsRestoredOnTheNextStart) {
  {
    widgets::MainWindow window;
    window.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
    window.findChild<QDockWidget*>(QStringLiteral("issuesDock"))->hide();
    window.resize(1111, 777);
    window.close();
  }
  widgets::MainWindow again;
  again.show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(&again));
  EXPECT_EQ(again.size(), QSize(1111, 777));
  EXPECT_FALSE(again.findChild<QDockWidget*>(QStringLiteral("issuesDock"))->isVisible());
  QSettings().clear();
}

TEST(AboutDialog, ListsEveryLibraryVersion) {
  widgets::AboutDialog dialog;
  const QString text = dialog.findChild<QWidget*>(QStringLiteral("versions"))->property("plainText").toString();
  for (const char* key : {"Cartograph:", "LibTorch:", "BLAS:", "SQLite:", "Qt:"})
    EXPECT_TRUE(text.contains(QLatin1String(key))) << key;
}

TEST(JobsModel, RunsWorkOffTheGuiThreadAndCancels) {
  widgets::JobsModel jobs;
  std::optional<core::Result<int>> outcome;
  QObject context;
  const Qt::HANDLE guiThread = QThread::currentThreadId();
  std::atomic<bool> ranElsewhere{false};
  jobs.start<int>(
      QStringLiteral("spin"),
      [&](core::Job& job) -> core::Result<int> {
        ranElsewhere = QThread::currentThreadId() != guiThread;
        job.begin("spinning", 0);
        while (job.advance()) QThread::msleep(1);
        return core::fail(core::ErrorCode::Cancelled, "cancelled");
      },
      &context, [&](core::Result<int> r) { outcome = std::move(r); });
  EXPECT_EQ(jobs.runningCount(), 1);
  QTest::qWait(50);
  jobs.cancel(1);
  EXPECT_TRUE(QTest::qWaitFor([&] { return outcome.has_value(); }, 5000));
  ASSERT_TRUE(outcome.has_value());
  EXPECT_FALSE(outcome->has_value());
  EXPECT_EQ(outcome->error().code, core::ErrorCode::Cancelled);
  EXPECT_TRUE(ranElsewhere);
  EXPECT_EQ(jobs.index(0, widgets::JobsModel::StateColumn).data().toString(), QStringLiteral("Cancelled"));
  EXPECT_EQ(jobs.runningCount(), 0);
}

// A job that never gave a total (reading a few rows) shows a full bar once it finished, not an empty one.
TEST(JobsModel, AFinishedJobWithoutATotalShowsAFullBar) {
  widgets::JobsModel jobs;
  QObject context;
  bool done = false;
  jobs.start<int>(QStringLiteral("read"), [](core::Job&) -> core::Result<int> { return 1; }, &context,
                  [&](core::Result<int>) { done = true; });
  ASSERT_TRUE(QTest::qWaitFor([&] { return done; }, 5000));
  EXPECT_EQ(jobs.index(0, widgets::JobsModel::StateColumn).data().toString(), QStringLiteral("Finished"));
  EXPECT_DOUBLE_EQ(jobs.index(0, 0).data(widgets::JobsModel::FractionRole).toDouble(), 1.0);
  EXPECT_EQ(jobs.index(0, widgets::JobsModel::ProgressColumn).data().toString(), QStringLiteral("100.0 %"));
}
