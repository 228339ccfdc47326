#pragma once
// A session file written by the tests themselves for the export tests: the run fixture's run
// (run_fixture.h: plausible, internally consistent numbers, metadata, projection, top-k) recorded
// through core::store like a real run, plus one saved slice. Written once per process (seconds).
#include <QString>
#include <cstdint>

namespace exportfixture {

struct Session {
  QString path;
  std::int64_t run = 0;
  QString slice;  // a saved slice's name
};

const Session& session();

}  // namespace exportfixture
