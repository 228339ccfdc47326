// GoogleTest main for GUI tests: one QApplication for the whole process, settings isolated.
#include <gtest/gtest.h>

#include <QApplication>
#include <QSettings>
#include <QStandardPaths>

#include "core/threads.h"

int main(int argc, char** argv) {
  core::run_with_passive_omp_wait();  // the thread configuration every entry point runs with
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
