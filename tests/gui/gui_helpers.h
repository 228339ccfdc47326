#pragma once
// Helpers shared by the GUI tests: open the fixture session through the real asynchronous path and
// wait until the views have what they need.
#include <gtest/gtest.h>

#include <QGuiApplication>
#include <QPixmap>
#include <QScreen>
#include <QTest>
#include <QWidget>

#include "tests/gui/run_fixture.h"
#include "tests/support/test_support.h"
#include "widgets/shell/jobsmodel.h"
#include "widgets/session/session.h"

namespace guitest {

// Opens the backend's session file through Session::open (a worker job) and waits for the run to be
// loaded and summarised. Returns false on timeout.
inline bool openAndWait(widgets::Session& session, const fixture::MemoryBackend& backend, int msecs = 10000) {
  session.open(backend.initial().path);
  return QTest::qWaitFor([&] { return session.digest() != nullptr; }, msecs);
}

// Waits for the digest to be recomputed after a change (it is reset to null first, then filled).
inline bool waitForDigest(widgets::Session& session, int msecs = 10000) {
  return QTest::qWaitFor([&] { return session.digest() != nullptr && session.jobs()->runningCount() == 0; }, msecs);
}

// Whether the tests run on a real X server (xvfb-run), where screenshots show what a person sees.
inline bool realDisplay() { return QGuiApplication::platformName() == QStringLiteral("xcb"); }

// Saves what the screen shows of `w` as build/test-artifacts/`name`, after letting it paint.
inline void saveScreenshot(QWidget* w, const char* name) {
  QTest::qWait(150);
  const QPixmap shot = w->screen()->grabWindow(w->winId());
  ASSERT_FALSE(shot.isNull());
  EXPECT_TRUE(shot.save(QString::fromStdString((testsupport::artifacts_dir() / name).string())));
}

}  // namespace guitest
