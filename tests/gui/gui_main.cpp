// GoogleTest main for GUI tests: one QApplication for the whole process, settings isolated.
#include <gtest/gtest.h>

#include <QApplication>
#include <QSettings>
#include <QStandardPaths>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <thread>

#include "app/gui/scratch_folder.h"
#include "core/threads.h"

namespace {

// A workbench that will crash, for ScratchFolder's test: makes its run folder in the folder the
// environment names, writes a run file into it, says where, and waits to be killed.
[[noreturn]] void crashingWorkbench(const char* parent) {
  gui::ScratchFolder folder(QString::fromLocal8Bit(parent));
  auto session = folder.newSession();
  if (!session) std::_Exit(2);
  std::ofstream(*session) << "a run's results";
  std::printf("%s\n", folder.path().toLocal8Bit().constData());
  std::fflush(stdout);
  while (true) std::this_thread::sleep_for(std::chrono::seconds(1));
}

}  // namespace

int main(int argc, char** argv) {
  core::run_with_quiet_thread_pools();  // the thread configuration every entry point runs with
  if (const char* parent = std::getenv("CARTOGRAPH_TEST_CRASHING_WORKBENCH")) crashingWorkbench(parent);
  ::testing::InitGoogleTest(&argc, argv);
  // Test discovery runs this binary without CTest's environment: default to no display.
  if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  QStandardPaths::setTestModeEnabled(true);  // never touch the user's own settings
  QApplication app(argc, argv);
  QApplication::setOrganizationName(QStringLiteral("CartographTests"));
  QApplication::setApplicationName(QStringLiteral("CartographTests"));
  QSettings().clear();
  return RUN_ALL_TESTS();
}
