// Screenshots under Xvfb (a real X server): run by the gui.screenshots_under_xvfb CTest entry.
#include <gtest/gtest.h>

#include <QGuiApplication>
#include <QScreen>
#include <QTest>

#include "tests/support/test_support.h"
#include "widgets/mainwindow.h"

TEST(Screens, MainWindowInARealWindow) {
  if (QGuiApplication::platformName() != QStringLiteral("xcb"))
    GTEST_SKIP() << "needs a real X server (run through xvfb-run)";
  widgets::MainWindow window;
  window.resize(1400, 900);
  window.show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
  QTest::qWait(200);
  const QPixmap shot = window.screen()->grabWindow(window.winId());
  ASSERT_FALSE(shot.isNull());
  EXPECT_TRUE(shot.save(QString::fromStdString((testsupport::artifacts_dir() / "xvfb-mainwindow.png").string())));
}
