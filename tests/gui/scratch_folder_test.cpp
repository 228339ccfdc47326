// The folder of runs made with no session open (app/gui/scratch_folder.h): a workbench killed while it
// holds one leaves it behind with its run files; the next workbench removes it, and keeps the folders
// of workbenches still running, folders without a lock and anything else in the temporary folder.
#include <gtest/gtest.h>

#include <QCoreApplication>
#include <QDir>
#include <QProcess>
#include <QProcessEnvironment>
#include <filesystem>

#include "app/gui/scratch_folder.h"
#include "tests/support/test_support.h"

TEST(ScratchFolder, AKilledWorkbenchsRunsAreRemovedByTheNextAndLiveOnesKept) {
  testsupport::TempDir temp;
  const QString parent = QString::fromStdString(temp.path().string());

  // A workbench (this test binary, as gui_main.cpp runs it with the variable set) makes its folder and
  // a run file in it, then is killed: SIGKILL, no destructor runs.
  QProcess crashing;
  QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
  env.insert(QStringLiteral("CARTOGRAPH_TEST_CRASHING_WORKBENCH"), parent);
  crashing.setProcessEnvironment(env);
  crashing.start(QCoreApplication::applicationFilePath(), {});
  ASSERT_TRUE(crashing.waitForStarted(10000));
  ASSERT_TRUE(crashing.waitForReadyRead(30000)) << crashing.readAllStandardError().toStdString();
  const QString left = QString::fromLocal8Bit(crashing.readLine()).trimmed();
  crashing.kill();
  ASSERT_TRUE(crashing.waitForFinished(10000));
  ASSERT_TRUE(left.startsWith(parent)) << left.toStdString();
  ASSERT_TRUE(QFileInfo::exists(left + QStringLiteral("/run-1.cartograph"))) << "the killed workbench left its run";

  // This workbench's own folder, held while it runs; one without a lock (being made, or an older
  // workbench's); and a folder that is not the workbench's.
  gui::ScratchFolder mine(parent);
  auto session = mine.newSession();
  ASSERT_TRUE(session);
  ASSERT_TRUE(QDir(parent).mkdir(QStringLiteral("cartograph-runs-unlocked")));
  ASSERT_TRUE(QDir(parent).mkdir(QStringLiteral("other")));

  EXPECT_EQ(gui::removeAbandonedScratch(parent), 1);
  EXPECT_FALSE(QFileInfo::exists(left)) << "the killed workbench's folder is removed with its runs";
  EXPECT_TRUE(QFileInfo::exists(mine.path())) << "a running workbench's folder is kept";
  EXPECT_TRUE(QFileInfo::exists(parent + QStringLiteral("/cartograph-runs-unlocked")));
  EXPECT_TRUE(QFileInfo::exists(parent + QStringLiteral("/other")));
  EXPECT_EQ(gui::removeAbandonedScratch(parent), 0) << "nothing more to remove";
  EXPECT_TRUE(QFileInfo::exists(mine.path()));
}
