#pragma once
// Helpers shared by the GUI tests: open the fixture session through the real asynchronous path and
// wait until the views have what they need.
#include <QTest>

#include "tests/gui/run_fixture.h"
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

}  // namespace guitest
