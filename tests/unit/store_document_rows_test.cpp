// A document's per-map statistics are one blob in its run_documents row (schema 12; issue 20: a million
// documents' statistics were three million rows of their own, most of the time of opening such a run).
// The blob keeps every value bit for bit, the reader rejects one of the wrong size, and a session written
// before keeps its statistics when it is upgraded. A finished run of many documents is read in two
// halves on two connections: the same documents as on one.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <limits>

#include "core/bench/synthetic_session.h"
#include "core/store/detail/access.h"
#include "core/store/detail/document_rows.h"
#include "core/store/detail/document_statistics.h"
#include "core/store/run_reader.h"
#include "core/store/run_writer.h"
#include "core/store/schema.h"
#include "core/store/session_file.h"
#include "tests/support/store_compare.h"
#include "tests/support/test_support.h"
#include "tests/unit/store_test_data.h"

using namespace core::store;
using core::analysis::DocumentStats;
namespace rows = core::store::detail;

namespace document_rows_test {

bool same_bits(double a, double b) { return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b); }

// Every field, bit for bit (a NaN equals itself, -0 differs from 0).
std::string difference(const DocumentStats& a, const DocumentStats& b) {
  if (a.tokens != b.tokens) return "tokens";
  const std::pair<const char*, std::pair<double, double>> fields[] = {
      {"nll_mean", {a.nll_mean, b.nll_mean}},          {"entropy_mean", {a.entropy_mean, b.entropy_mean}},
      {"top1_accuracy", {a.top1_accuracy, b.top1_accuracy}}, {"kl_bt_mean", {a.kl_bt_mean, b.kl_bt_mean}},
      {"kl_tb_mean", {a.kl_tb_mean, b.kl_tb_mean}},    {"js_mean", {a.js_mean, b.js_mean}},
      {"kl_max", {a.kl_max, b.kl_max}},                {"bits_per_byte", {a.bits_per_byte, b.bits_per_byte}}};
  for (const auto& [name, values] : fields)
    if (!same_bits(values.first, values.second)) return name;
  return "";
}

// Reads run `run_id`'s documents through the store's own reader of them, in two halves from
// `parallel_from` documents (0: on one connection).
std::vector<core::analysis::DocumentResult> read(SessionFile& s, std::int64_t run_id, std::size_t maps,
                                                 std::size_t parallel_from, rows::DocumentsRead& how) {
  rows::Connection& c = rows::connection(s);
  auto territory = RunReader(s).territory_of(run_id);
  EXPECT_TRUE(territory);
  rows::DocumentRowsQuery query;
  query.run_id = run_id;
  query.territory_id = territory ? *territory : 0;
  query.maps = maps;
  if (parallel_from > 0) {
    query.session = s.path();
    query.parallel_from = parallel_from;
  }
  std::vector<core::analysis::DocumentResult> documents;
  auto read = rows::read_document_rows(c, query, documents);
  EXPECT_TRUE(read) << read.error().what();
  how = read ? *read : rows::DocumentsRead::OneConnectionAfterAll;
  return documents;
}

}  // namespace document_rows_test

TEST(DocumentStatistics, ARecordPerMapKeepsEveryValueBitForBit) {
  std::vector<DocumentStats> stats(3);
  stats[0] = {1LL << 40, 2.5, 1.25, 0.75, 0, 0, 0, 0, 3.1};
  stats[1] = {7, std::numeric_limits<double>::quiet_NaN(), -0.0, 1e-300, 0.1, 0.2, 0.3, 9.5,
              std::numeric_limits<double>::infinity()};
  stats[2] = {-1, std::nextafter(1.0, 2.0), 4, 5, 6, 7, 8, 9, 10};
  std::vector<std::byte> blob;
  rows::pack_statistics(stats, blob);
  ASSERT_EQ(blob.size(), 3 * rows::kStatisticsBytesPerMap);
  // Little-endian, tokens first: the documented layout, readable by any tool.
  EXPECT_EQ(blob[5], std::byte{1}) << "2^40 little-endian has its one bit in byte 5";
  EXPECT_EQ(blob[0], std::byte{0});
  std::vector<DocumentStats> back;
  ASSERT_TRUE(rows::unpack_statistics(blob, 3, back));
  ASSERT_EQ(back.size(), 3u);
  for (std::size_t m = 0; m < 3; ++m) EXPECT_EQ(document_rows_test::difference(stats[m], back[m]), "") << "map " << m;

  EXPECT_FALSE(rows::unpack_statistics(blob, 2, back)) << "three records are not two maps";
  EXPECT_FALSE(rows::unpack_statistics(std::span(blob).first(blob.size() - 1), 3, back));
  ASSERT_TRUE(rows::unpack_statistics({}, 2, back)) << "a document stored without statistics";
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(document_rows_test::difference(back[1], DocumentStats{}), "");
}

// The bench's synthetic session at a size where the read matters: every document has its own
// statistics for each of its three maps, as the synthetic writer makes them.
TEST(DocumentRows, ARunOfManyDocumentsReadsEachDocumentsOwnStatistics) {
  testsupport::TempDir dir;
  const auto file = dir / "many-documents.cartograph";
  core::bench::SyntheticOptions options;
  options.positions_per_document = 1;  // 30,000 one-position documents of 3 maps
  auto written = core::bench::write_synthetic_session(file, 30000, 3, core::Job::silent(), options);
  ASSERT_TRUE(written) << written.error().what();
  auto s = SessionFile::open(file, OpenMode::ReadOnly);
  ASSERT_TRUE(s) << s.error().what();
  auto runs = RunReader(*s).list_runs();
  ASSERT_TRUE(runs);
  ASSERT_EQ(runs->size(), 1u);
  auto run = RunReader(*s).load_run(runs->front().id);
  ASSERT_TRUE(run) << run.error().what();
  ASSERT_EQ(run->documents.size(), 30000u);
  std::size_t distinct_nll = 0, wrong = 0;
  for (std::size_t d = 0; d < run->documents.size(); ++d) {
    const auto& st = run->documents[d].stats;
    ASSERT_EQ(st.size(), 3u);
    for (std::size_t m = 0; m < 3; ++m) {
      wrong += st[m].tokens != 1 || !(st[m].nll_mean >= 0 && st[m].nll_mean < 4);
      // The base has no divergence from itself; a tuned map's four are one draw.
      wrong += m == 0 ? st[m].kl_bt_mean != 0 || st[m].kl_max != 0
                      : st[m].kl_bt_mean != st[m].kl_tb_mean || st[m].js_mean != st[m].kl_max;
    }
    distinct_nll += d > 0 && st[0].nll_mean != run->documents[d - 1].stats[0].nll_mean;
  }
  EXPECT_EQ(wrong, 0u);
  EXPECT_GT(distinct_nll, 29000u) << "each document has statistics of its own";

  // Read in two halves, one on each connection, the documents are the same, in the same order.
  rows::DocumentsRead one_how, two_how;
  const auto one = document_rows_test::read(*s, runs->front().id, 3, 0, one_how);
  const auto two = document_rows_test::read(*s, runs->front().id, 3, 1, two_how);
  EXPECT_EQ(one_how, rows::DocumentsRead::OneConnection);
  EXPECT_EQ(two_how, rows::DocumentsRead::TwoConnections) << "a finished run is read on two connections";
  ASSERT_EQ(one.size(), 30000u);
  ASSERT_EQ(two.size(), one.size());
  std::size_t differing = 0;
  for (std::size_t d = 0; d < one.size(); ++d) {
    differing += one[d].index != two[d].index || one[d].name != two[d].name || one[d].tokens != two[d].tokens ||
                 one[d].text != two[d].text || one[d].byte_length != two[d].byte_length;
    for (std::size_t m = 0; m < 3; ++m) differing += document_rows_test::difference(one[d].stats[m], two[d].stats[m]) != "";
  }
  EXPECT_EQ(differing, 0u);
  // load_run takes the second connection by default at this size; the run is the same either way.
  RunReader reader(*s);
  auto one_connection = reader.load_run(runs->front().id, {.parallel_from = 0});
  ASSERT_TRUE(one_connection);
  EXPECT_EQ(testsupport::first_difference(*one_connection, *run), "");
}

// A run still being written may gain documents between the two connections' snapshots: it is read on
// one. A territory's documents the run lacks, and a run's document the territory lacks, are left out
// in either half.
TEST(DocumentRows, ARunStillRunningIsReadOnOneConnectionAndHalvesKeepOnlyTheTerritorysDocuments) {
  testsupport::TempDir dir;
  const auto file = dir / "running.cartograph";
  auto s = SessionFile::create(file);
  ASSERT_TRUE(s) << s.error().what();
  const auto f = storetest::make_fixture(6);
  RunWriter writer(*s);
  auto run = writer.begin_run(f.run, f.territory);
  ASSERT_TRUE(run) << run.error().what();
  ASSERT_TRUE(writer.commit_documents(*run, std::span(f.run.documents).first(4)));
  auto row = rows::finished_row(rows::connection(*s), *run);
  ASSERT_TRUE(row);
  EXPECT_EQ(*row, "") << "a running run has no finished row";
  rows::DocumentsRead how;
  auto documents = document_rows_test::read(*s, *run, f.run.maps.size(), 1, how);
  EXPECT_EQ(how, rows::DocumentsRead::OneConnection);
  ASSERT_EQ(documents.size(), 4u);
  for (std::size_t d = 0; d < 4; ++d)
    EXPECT_EQ(document_rows_test::difference(documents[d].stats[0], f.run.documents[d].stats[0]), "") << d;

  ASSERT_TRUE(writer.commit_documents(*run, std::span(f.run.documents).subspan(4)));
  ASSERT_TRUE(writer.finish_run(*run, f.run.summaries, f.run.projection, RunStatus::Complete));
  // Document 1 (first half) and document 4 (second half) leave the territory behind the store's back.
  storetest::raw_exec(file, "PRAGMA foreign_keys = OFF; DELETE FROM document_texts WHERE doc_index IN (" +
                                std::to_string(f.run.documents[1].index) + ", " + std::to_string(f.run.documents[4].index) +
                                "); DELETE FROM documents WHERE doc_index IN (" + std::to_string(f.run.documents[1].index) +
                                ", " + std::to_string(f.run.documents[4].index) + ");");
  documents = document_rows_test::read(*s, *run, f.run.maps.size(), 1, how);
  EXPECT_EQ(how, rows::DocumentsRead::TwoConnections);
  std::vector<std::int64_t> indices, expected;
  for (const auto& d : documents) indices.push_back(d.index);
  for (std::size_t d : {0, 2, 3, 5}) expected.push_back(f.run.documents[d].index);
  EXPECT_EQ(indices, expected);
  for (const auto& d : documents)
    for (const auto& w : f.run.documents)
      if (w.index == d.index) {
        EXPECT_EQ(d.name, w.name) << "document " << d.index << " has its own territory row";
      }
}

// The statistics of every map of every document, as written, are what the run reads back, bit for bit.
TEST(DocumentRows, StatisticsReadBackAreThoseWritten) {
  testsupport::TempDir dir;
  const auto file = dir / "written.cartograph";
  auto s = SessionFile::create(file);
  ASSERT_TRUE(s) << s.error().what();
  auto f = storetest::make_fixture(5);
  f.run.documents[1].stats[1].kl_max = std::numeric_limits<double>::quiet_NaN();
  RunWriter writer(*s);
  auto run = writer.begin_run(f.run, f.territory);
  ASSERT_TRUE(run) << run.error().what();
  ASSERT_TRUE(writer.commit_documents(*run, f.run.documents));
  auto back = RunReader(*s).load_run(*run);
  ASSERT_TRUE(back) << back.error().what();
  ASSERT_EQ(back->documents.size(), f.run.documents.size());
  for (std::size_t d = 0; d < f.run.documents.size(); ++d) {
    ASSERT_EQ(back->documents[d].stats.size(), f.run.maps.size());
    for (std::size_t m = 0; m < f.run.maps.size(); ++m)
      EXPECT_EQ(document_rows_test::difference(back->documents[d].stats[m], f.run.documents[d].stats[m]), "")
          << "document " << d << " map " << m;
  }
}

// A session of schema 11 kept its statistics in a table of rows per document and map. Opening it
// writable packs them into the documents' blobs: the run reads the same values, and the table is gone.
TEST(DocumentRows, ASessionOfSchemaElevenKeepsItsStatisticsWhenUpgraded) {
  testsupport::TempDir dir;
  const auto file = dir / "v11.cartograph";
  auto f = storetest::make_fixture(4);
  f.run.documents[2].stats[0].bits_per_byte = std::numeric_limits<double>::quiet_NaN();
  std::int64_t run_id = 0;
  ASSERT_NO_FATAL_FAILURE(storetest::write_finished_run(file, f, run_id));
  // Schema 11's layout, with the rows a writer of that schema made.
  storetest::undo_schema_twelve(file);
  storetest::raw_exec(file, "PRAGMA user_version = 11;");
  {
    auto read_only = SessionFile::open(file, OpenMode::ReadOnly);
    ASSERT_FALSE(read_only) << "schema 11 must be upgraded before it is read";
  }
  {
    auto s = SessionFile::open(file);
    ASSERT_TRUE(s) << s.error().what();
    EXPECT_EQ(s->schema_version(), current_schema_version());
    auto back = RunReader(*s).load_run(run_id);
    ASSERT_TRUE(back) << back.error().what();
    ASSERT_EQ(back->documents.size(), f.run.documents.size());
    for (std::size_t d = 0; d < f.run.documents.size(); ++d)
      for (std::size_t m = 0; m < f.run.maps.size(); ++m)
        EXPECT_EQ(document_rows_test::difference(back->documents[d].stats[m], f.run.documents[d].stats[m]), "")
            << "document " << d << " map " << m;
  }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* q = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'document_stats'", -1, &q, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(q), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int64(q, 0), 0) << "the rows live in the documents' blobs now";
  sqlite3_finalize(q);
  sqlite3_close(db);
}

// A stray statistics row of schema 11 (a map the run does not have) is not dropped quietly by the
// upgrade: the run reads as damaged, naming the file, as it did before.
TEST(DocumentRows, AnUpgradedStatisticsRowForAMapTheRunLacksReadsAsDamage) {
  testsupport::TempDir dir;
  const auto file = dir / "v11-stray.cartograph";
  const auto f = storetest::make_fixture(3);
  std::int64_t run_id = 0;
  ASSERT_NO_FATAL_FAILURE(storetest::write_finished_run(file, f, run_id));
  storetest::undo_schema_twelve(file);
  storetest::raw_exec(file, "INSERT INTO document_stats (run_id, doc_index, map_index, tokens) VALUES (" +
                                std::to_string(run_id) + ", " + std::to_string(f.run.documents[1].index) +
                                ", 7, 1); PRAGMA user_version = 11;");
  auto s = SessionFile::open(file);
  ASSERT_TRUE(s) << s.error().what();
  auto back = RunReader(*s).load_run(run_id);
  ASSERT_FALSE(back);
  EXPECT_EQ(back.error().code, core::ErrorCode::Corrupt);
  EXPECT_NE(back.error().message.find("statistics hold"), std::string::npos) << back.error().message;
  EXPECT_EQ(back.error().path, file.string());
}
