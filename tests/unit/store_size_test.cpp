// What a run costs on disk, and the synthetic sessions the benchmark uses.
#include <gtest/gtest.h>

#include <cstdio>

#include "core/bench/synthetic_session.h"
#include "core/store/run_reader.h"
#include "core/store/run_writer.h"
#include "core/store/session_file.h"
#include "tests/support/test_support.h"
#include "tests/unit/store_test_data.h"

using namespace core::store;
using namespace core::bench;

namespace {

std::int64_t bytes_of(const std::filesystem::path& p) { return std::int64_t(std::filesystem::file_size(p)); }

}  // namespace

TEST(StoreSize, APositionCostsAtMostFortyBytesPerMapPlusTopK) {
  testsupport::TempDir dir;
  const auto file = dir / "size.cartograph";
  constexpr std::int64_t kDocs = 24, kScored = 1000;
  constexpr int kTopK = 10;
  auto f = storetest::make_fixture(kDocs);  // base, tuned (every array, added ids, zoom), zoomed base
  for (auto& d : f.run.documents) {
    d.tokens.assign(kScored + 1, 7);
    for (std::size_t m = 0; m < d.maps.size(); ++m) d.maps[m] = storetest::make_track(d.index, m, kScored, true, kTopK);
    d.sample_positions.clear();
    d.samples.clear();
  }
  const std::size_t maps = f.run.maps.size();
  ASSERT_EQ(maps, 3u);
  // Bytes the arrays themselves hold: per position, 4 per float32/int32 array present, 6 per top-k entry.
  std::int64_t metric_bytes = 0, topk_bytes = 0;
  for (const auto& t : f.run.documents[0].maps) {
    const std::size_t arrays = 5 + (t.kl_bt.empty() ? 0 : 3) + (t.kl_tz.empty() ? 0 : 1) + (t.added_mass.empty() ? 0 : 1);
    metric_bytes += std::int64_t(arrays * 4);
    topk_bytes += 6 * kTopK;
  }
  EXPECT_EQ(metric_bytes, 20 + 40 + 32) << "the fixture's tuned map carries every array (the 40-byte worst case)";

  auto s = SessionFile::create(file);
  ASSERT_TRUE(s);
  RunWriter writer(*s);
  auto run = writer.begin_run(f.run, f.territory);
  ASSERT_TRUE(run);
  ASSERT_TRUE(s->checkpoint());
  const std::int64_t before = bytes_of(file);
  for (std::int64_t i = 0; i < kDocs; i += 4)
    ASSERT_TRUE(writer.commit_documents(*run, std::span(f.run.documents).subspan(std::size_t(i), 4)));
  ASSERT_TRUE(s->checkpoint());
  const std::int64_t after = bytes_of(file);

  const double positions = double(kDocs * kScored);
  const double per_position = double(after - before) / positions;                 // all maps, tokens, stats
  const double per_position_map = per_position / double(maps);
  const double payload = double(metric_bytes + topk_bytes + 4);                  // + the token id
  std::printf("[ size ] %.2f bytes per scored position for %zu maps (%.2f per map); arrays hold %.0f: "
              "overhead %.2f%%\n",
              per_position, maps, per_position_map, payload, 100.0 * (per_position / payload - 1.0));
  RecordProperty("bytes_per_position_per_map", std::to_string(per_position_map));
  // The target: at most 40 bytes per position per map for the metrics, plus top-k (6 bytes an entry).
  const double metrics_per_map = (per_position - double(topk_bytes) - 4.0) / double(maps);
  EXPECT_LE(metrics_per_map, 40.0);
  // And nearly nothing beyond the arrays: SQLite's pages, statistics rows, temperature statistics.
  EXPECT_LE(per_position, payload * 1.04);
  EXPECT_GE(per_position, payload) << "less than the arrays themselves would mean values went missing";
}

TEST(StoreSize, ASyntheticSessionListsAndLoadsWhatWasWritten) {
  testsupport::TempDir dir;
  const auto file = dir / "synthetic.cartograph";
  SyntheticOptions options;
  options.positions_per_document = 700;
  options.batch_documents = 3;
  auto report = write_synthetic_session(file, 5000, 4, core::Job::silent(), options);
  ASSERT_TRUE(report) << report.error().what();
  EXPECT_EQ(report->documents, 8);  // 7 of 700 and one of 100
  EXPECT_EQ(report->positions, 5000);
  EXPECT_GT(report->file_bytes, 5000 * (20 + 3 * 32 + 4 * 60));
  EXPECT_TRUE(write_synthetic_session(file, 10, 1).error().code == core::ErrorCode::InvalidInput)
      << "refuses to overwrite a file";

  auto timing = measure_open_and_list(file, 2);
  ASSERT_TRUE(timing) << timing.error().what();
  EXPECT_EQ(timing->runs, 1u);
  EXPECT_EQ(timing->repeats, 2);

  auto s = SessionFile::open(file, OpenMode::ReadOnly);
  ASSERT_TRUE(s);
  RunReader reader(*s);
  auto runs = reader.list_runs();
  ASSERT_TRUE(runs);
  ASSERT_EQ(runs->size(), 1u);
  EXPECT_EQ(runs->front().status, RunStatus::Complete);
  EXPECT_EQ(runs->front().documents_done, 8);
  EXPECT_EQ(runs->front().map_names, (std::vector<std::string>{"base", "tuned-1", "tuned-2", "tuned-3"}));
  auto loaded = reader.load_run(runs->front().id);
  ASSERT_TRUE(loaded);
  ASSERT_EQ(loaded->documents.size(), 8u);
  std::int64_t scored = 0;
  for (const auto& d : loaded->documents) scored += std::int64_t(d.scored());
  EXPECT_EQ(scored, 5000);
  EXPECT_EQ(loaded->token_texts.size(), 32000u);
  auto last = reader.load_tracks(runs->front().id, 7);
  ASSERT_TRUE(last);
  ASSERT_EQ(last->size(), 4u);
  EXPECT_EQ((*last)[3].size(), 100u);
  EXPECT_EQ((*last)[3].top_ids.size(), 1000u);
  EXPECT_TRUE((*last)[0].kl_bt.empty());
  EXPECT_EQ((*last)[1].kl_bt.size(), 100u);
}
