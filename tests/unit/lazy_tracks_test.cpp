// A run read back without its tracks (core/store/track_reader.h) must give every aggregate the run
// read whole gives, read each document once per pass, keep only the documents a view shows, and fail
// with the file named when the tracks cannot be read (docs/ARCHITECTURE.md, "Lazy tracks").
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "core/analysis/digest.h"
#include "core/analysis/fields.h"
#include "core/analysis/slice.h"
#include "core/analysis/token_table.h"
#include "core/bench/synthetic_session.h"
#include "core/store/run_reader.h"
#include "core/store/session_file.h"
#include "core/store/track_reader.h"
#include "tests/support/test_support.h"

namespace {

using namespace core::analysis;

// A synthetic session of 12 documents (11 of 500 positions, one of 120) and three maps.
std::filesystem::path writeSession(const testsupport::TempDir& dir) {
  const auto file = dir / "lazy.cartograph";
  core::bench::SyntheticOptions options;
  options.positions_per_document = 500;
  auto report = core::bench::write_synthetic_session(file, 5620, 3, core::Job::silent(), options);
  EXPECT_TRUE(report) << report.error().what();
  return file;
}

// The same run as every user of it got before tracks were lazy: read whole.
std::shared_ptr<const RunResult> readWhole(const std::filesystem::path& file, std::int64_t run) {
  auto session = core::store::SessionFile::open(file, core::store::OpenMode::ReadOnly);
  EXPECT_TRUE(session);
  core::store::RunReader reader(*session);
  auto result = reader.load_run(run);
  EXPECT_TRUE(result);
  for (DocumentResult& d : result->documents) d.maps = reader.load_tracks(run, d.index).value();
  return std::make_shared<const RunResult>(std::move(*result));
}

void expectSameDigest(const RunDigest& a, const RunDigest& b) {
  ASSERT_EQ(a.summaries.size(), b.summaries.size());
  for (std::size_t m = 0; m < a.summaries.size(); ++m) {
    EXPECT_EQ(a.summaries[m].tokens, b.summaries[m].tokens);
    EXPECT_EQ(a.summaries[m].nll_mean, b.summaries[m].nll_mean);
    EXPECT_EQ(a.summaries[m].kl_bt_mean, b.summaries[m].kl_bt_mean);
    EXPECT_EQ(a.summaries[m].ece, b.summaries[m].ece);
    EXPECT_EQ(a.entropy[m].counts, b.entropy[m].counts);
    EXPECT_EQ(a.delta_nll[m].counts, b.delta_nll[m].counts);
    EXPECT_EQ(a.kl_base_tuned[m].counts, b.kl_base_tuned[m].counts);
    EXPECT_EQ(a.entropy[m].hi, b.entropy[m].hi);
    EXPECT_EQ(a.delta_nll[m].lo, b.delta_nll[m].lo);
    EXPECT_EQ(a.kl_base_tuned[m].hi, b.kl_base_tuned[m].hi);
  }
  ASSERT_EQ(a.documents.size(), b.documents.size());
  for (std::size_t d = 0; d < a.documents.size(); ++d)
    for (std::size_t m = 0; m < a.documents[d].size(); ++m) {
      EXPECT_EQ(a.documents[d][m].tokens, b.documents[d][m].tokens);
      EXPECT_EQ(a.documents[d][m].nll, b.documents[d][m].nll);
      EXPECT_EQ(a.documents[d][m].kl_bt, b.documents[d][m].kl_bt);
    }
}

TEST(LazyTracks, ARunReadWithoutTracksDigestsAndSlicesExactlyAsTheWholeRun) {
  testsupport::TempDir dir;
  const auto file = writeSession(dir);
  const auto whole = readWhole(file, 1);
  auto read = core::store::read_run_lazily(file, 1);
  ASSERT_TRUE(read) << read.error().what();
  const auto lazy = std::make_shared<const RunResult>(std::move(*read));
  ASSERT_EQ(lazy->documents.size(), 12u);
  for (const DocumentResult& d : lazy->documents) EXPECT_TRUE(d.maps.empty()) << "opening reads no track";
  EXPECT_FALSE(tracks_in_memory(*lazy));
  EXPECT_EQ(lazy->track_cache->reads(), 0);

  // Over every position nothing is read: the summaries, histograms and per-document sums the session
  // stored when the run finished are what a pass over every track (a run stored before schema 11) counts.
  ASSERT_TRUE(lazy->histograms) << "a finished run stores its histograms";
  auto b = digest_run(lazy, nullptr, {}, core::Job::silent());
  ASSERT_TRUE(b) << b.error().what();
  EXPECT_EQ(lazy->track_cache->reads(), 0) << "aggregates over the whole run come from the store";
  auto unstored = std::make_shared<RunResult>(*whole);
  unstored->histograms.reset();
  auto a = digest_run(unstored, nullptr, {}, core::Job::silent());
  ASSERT_TRUE(a) << a.error().what();
  expectSameDigest(**a, **b);
  for (std::size_t m = 0; m < 3; ++m) {
    EXPECT_EQ((*b)->entropy[m].total(), 5620) << "every position of map " << m << " is counted";
    EXPECT_EQ((*b)->delta_nll[m].total(), m == 0 ? 0 : 5620);
  }
  EXPECT_EQ((*b)->summaries[1].tokens, 5620);
  auto lazyPass = std::make_shared<RunResult>(*lazy);
  lazyPass->histograms.reset();
  auto c = digest_run(lazyPass, nullptr, {}, core::Job::silent());
  ASSERT_TRUE(c) << c.error().what();
  expectSameDigest(**b, **c);
  EXPECT_EQ(lazy->track_cache->reads(), 12) << "without stored histograms: one read per document";

  SliceDefinition high;
  high.kind = SliceDefinition::Kind::Threshold;
  high.metric = PositionMetric::KlBaseTuned;
  high.map_index = 1;
  high.value = 0.5;
  auto sa = evaluate_slice(*whole, high), sb = evaluate_slice(*lazy, high);
  ASSERT_TRUE(sa && sb);
  EXPECT_EQ(sa->flags, sb->flags);
  EXPECT_GT(sb->count, 0);
  EXPECT_LT(sb->count, 5620);
  auto kept = std::make_shared<const PositionSet>(*sb);
  auto ka = digest_run(whole, kept, {}, core::Job::silent()), kb = digest_run(lazy, kept, {}, core::Job::silent());
  ASSERT_TRUE(ka && kb);
  expectSameDigest(**ka, **kb);

  // Passes over the run keep nothing; a view's document is kept, and read once however often shown.
  EXPECT_EQ(document_if_ready(*lazy, 3), nullptr);
  const auto before = lazy->track_cache->reads();
  auto shown = document_with_tracks(*lazy, 3);
  ASSERT_TRUE(shown);
  EXPECT_EQ((*shown)->maps.size(), 3u);
  EXPECT_EQ((*shown)->maps[1].logp, whole->documents[3].maps[1].logp);
  EXPECT_EQ((*shown)->maps[2].top_ids, whole->documents[3].maps[2].top_ids);
  EXPECT_EQ((*shown)->tokens, whole->documents[3].tokens);
  EXPECT_EQ(document_if_ready(*lazy, 3), *shown);
  ASSERT_TRUE(document_with_tracks(*lazy, 3));
  EXPECT_EQ(lazy->track_cache->reads(), before + 1);
  for (std::size_t d = 0; d < 12; ++d) ASSERT_TRUE(document_with_tracks(*lazy, d));
  EXPECT_EQ(document_if_ready(*lazy, 3), nullptr) << "only the last " << TrackCache::kKeptDocuments << " are kept";
  EXPECT_NE(document_if_ready(*lazy, 11), nullptr);

  // The token table (every metric of every map at every position) is the same text.
  std::ostringstream ta, tb;
  ASSERT_TRUE(write_token_table(*whole, &*sb, TokenTableFormat::Csv, ta, core::Job::silent()));
  ASSERT_TRUE(write_token_table(*lazy, &*sb, TokenTableFormat::Csv, tb, core::Job::silent()));
  EXPECT_EQ(ta.str(), tb.str());
  EXPECT_GT(ta.str().size(), std::size_t(sb->count) * 40);
}

TEST(LazyTracks, TracksThatCannotBeReadGiveAnErrorNamingTheFile) {
  testsupport::TempDir dir;
  const auto file = writeSession(dir);
  auto read = core::store::read_run_lazily(file, 1);
  ASSERT_TRUE(read);
  const auto lazy = std::make_shared<const RunResult>(std::move(*read));
  std::filesystem::remove(file);  // the session moved away after it was opened
  auto doc = document_with_tracks(*lazy, 0);
  ASSERT_FALSE(doc);
  EXPECT_NE(doc.error().what().find(file.string()), std::string::npos) << doc.error().what();
  auto unstored = std::make_shared<RunResult>(*lazy);
  unstored->histograms.reset();  // as a run stored before schema 11: the digest needs every track
  auto digest = digest_run(unstored, nullptr, {}, core::Job::silent());
  ASSERT_FALSE(digest);
  EXPECT_NE(digest.error().what().find("lazy.cartograph"), std::string::npos) << digest.error().what();

  RunResult shell;
  shell.maps.resize(2);
  shell.documents.resize(1);
  shell.documents[0].tokens = {1, 2, 3};
  auto none = document_with_tracks(shell, 0);
  ASSERT_FALSE(none) << "a run with neither tracks nor a cache says so";
  EXPECT_NE(none.error().message.find("not loaded"), std::string::npos);
}

}  // namespace
