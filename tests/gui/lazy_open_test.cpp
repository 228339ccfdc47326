// Opening a large session in the workbench, as a user does (File > Open on a `.cartograph` file): the
// run's documents come up with the first one shown, its tracks read alone, none of the others' held,
// and the Overview's aggregates read from the store (docs/ARCHITECTURE.md, "Lazy tracks", "Aggregates
// from the store"). The session is the bench's synthetic one (`cartograph-cli bench
// --session-positions`) at the size the workbench must open in under 2 s and 500 MB: a million
// positions and three maps (CARTOGRAPH_LAZY_OPEN_POSITIONS sets another size, and
// CARTOGRAPH_LAZY_OPEN_DOCUMENT_POSITIONS the positions per document, 1,000 by default).
#include <gtest/gtest.h>

#include <QElapsedTimer>
#include <QSettings>
#include <QTest>
#include <cstdlib>
#include <iostream>

#include "core/bench/machine.h"
#include "core/bench/synthetic_session.h"
#include "tests/support/test_support.h"
#include "widgets/session/selection.h"
#include "widgets/session/session.h"
#include "widgets/shell/jobsmodel.h"
#include "widgets/shell/mainwindow.h"
#include "widgets/territory/territoryview.h"
#include "widgets/territory/tokenstrip.h"

TEST(LazyOpen, TheFirstDocumentOfALargeSessionShowsWithoutReadingTheOthersTracks) {
  QSettings().clear();
  std::int64_t positions = 1000000;
  if (const char* env = std::getenv("CARTOGRAPH_LAZY_OPEN_POSITIONS")) positions = std::atoll(env);
  testsupport::TempDir dir;
  const auto file = dir / "large.cartograph";
  core::bench::SyntheticOptions synthetic;  // CARTOGRAPH_LAZY_OPEN_DOCUMENT_POSITIONS: shorter documents, more of them
  if (const char* env = std::getenv("CARTOGRAPH_LAZY_OPEN_DOCUMENT_POSITIONS")) synthetic.positions_per_document = std::atoll(env);
  auto written = core::bench::write_synthetic_session(file, positions, 3, core::Job::silent(), synthetic);
  ASSERT_TRUE(written) << written.error().what();
  const std::int64_t documents = written->documents;

  widgets::MainWindow window;
  window.resize(1400, 900);
  window.show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
  window.views()->setCurrentIndex(widgets::MainWindow::TerritoryTab);
  widgets::TokenStrip* strip = window.territory()->strip();
  const std::int64_t rssBefore = core::bench::current_rss_bytes();
  QElapsedTimer opening;
  opening.start();
  window.openSession(QString::fromStdString(file.string()));
  ASSERT_TRUE(QTest::qWaitFor([&] { return strip->document() == 0 && strip->shown() != nullptr; }, 60000));
  const double openMs = double(opening.nsecsElapsed()) / 1e6;
  const std::int64_t rssShown = core::bench::current_rss_bytes();
  const auto run = window.session()->currentRun();
  ASSERT_NE(run, nullptr);
  ASSERT_NE(run->track_cache, nullptr) << "a run opened from a file reads its tracks when they are needed";
  const std::int64_t readsAtShow = run->track_cache->reads(), shownReads = run->track_cache->kept_reads();
  ASSERT_EQ(strip->shown()->maps.size(), 3u) << "the shown document has every map's track";
  EXPECT_GT(strip->lineCount(), 0);

  // The run itself holds no document's tracks, only tokens and per-document statistics, and the view
  // read the first document's alone. (The summary, on a worker, reads every document once meanwhile and
  // keeps none: by the time the document shows it may have read any number of them.)
  for (const auto& d : run->documents) ASSERT_TRUE(d.maps.empty()) << d.name;
  EXPECT_EQ(shownReads, 1) << "the view read only the document it shows";
  // What the tracks would take in memory read whole: ten 4-byte arrays and the top-10 ids and
  // probabilities per position and map. Opening holds a small part of it.
  const std::int64_t wholeTracks = positions * 3 * (10 * 4 + 10 * 8);
  EXPECT_LT(rssShown - rssBefore, 500ll << 20) << "the issue's bound for a million positions and three maps";
  EXPECT_LT(rssShown - rssBefore, wholeTracks / 4) << "opening held a large part of the tracks";
  ASSERT_TRUE(QTest::qWaitFor([&] { return window.session()->digest() != nullptr; }, 120000));
  ASSERT_TRUE(window.session()->jobs()->waitForAll(120000));
  const std::int64_t rssDigested = core::bench::current_rss_bytes();
  // The Overview's summary and histograms come from the store (docs/ARCHITECTURE.md, "Aggregates from
  // the store"), and the Map view, not shown, has not coloured its points: still one document read.
  EXPECT_EQ(run->track_cache->reads(), 1) << "opening read no track beyond the document shown";
  ASSERT_EQ(window.session()->digest()->entropy.size(), 3u);
  EXPECT_EQ(window.session()->digest()->entropy[1].total(), written->positions)
      << "the stored histogram counts every scored position";
  std::cout << "[ measured ] " << positions << " positions x 3 maps in " << documents << " documents: first document shown "
            << openMs << " ms after File > Open (" << shownReads << " read for the view, " << readsAtShow
            << " by every reader by then); resident memory +"
            << (rssShown - rssBefore) / 1048576 << " MB at the first document, +" << (rssDigested - rssBefore) / 1048576
            << " MB after the summary (from the store)\n";
  RecordProperty("open_ms", std::to_string(openMs));

  // Another document: its tracks alone are read, on a worker. Going back to one read before shows it at
  // once, reading nothing.
  const std::int64_t before = run->track_cache->reads();
  window.session()->selection()->setDocument(5);
  ASSERT_TRUE(QTest::qWaitFor([&] { return strip->document() == 5; }, 10000));
  EXPECT_EQ(run->track_cache->reads(), before + 1);
  window.session()->selection()->setDocument(0);
  EXPECT_EQ(strip->document(), 0) << "a document read moments ago shows without waiting";
  EXPECT_EQ(run->track_cache->reads(), before + 1);

  // Shown, the Map view colours its points: it reads the documents its sampled points lie in, on a worker.
  window.views()->setCurrentIndex(widgets::MainWindow::MapTab);
  ASSERT_TRUE(window.session()->jobs()->waitForAll(120000));
  EXPECT_GT(run->track_cache->reads(), before + 10) << "the map coloured its points once it was shown";
  window.session()->close();
}
