// A finished run of many documents has its statistics read on a second connection beside its documents
// (issue 20: a million documents' statistics are three million rows). The two reads must agree, row for
// row, with the read on one connection.
#include <gtest/gtest.h>

#include "core/bench/synthetic_session.h"
#include "core/store/detail/access.h"
#include "core/store/detail/document_rows.h"
#include "core/store/run_reader.h"
#include "core/store/run_writer.h"
#include "core/store/session_file.h"
#include "tests/support/store_compare.h"
#include "tests/support/test_support.h"
#include "tests/unit/store_test_data.h"

using namespace core::store;
namespace rows = core::store::detail;

namespace document_rows_test {

// Reads run `run_id`'s documents through the store's own reader of them, statistics beside the
// documents from `parallel_from` documents (0: after them).
std::vector<core::analysis::DocumentResult> read(SessionFile& s, std::int64_t run_id, std::size_t maps,
                                                 std::size_t parallel_from, rows::StatisticsRead& how) {
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
  how = read ? *read : rows::StatisticsRead::After;
  return documents;
}

}  // namespace document_rows_test

TEST(DocumentRows, StatisticsReadBesideTheDocumentsEqualTheReadAfterThem) {
  testsupport::TempDir dir;
  const auto file = dir / "many-documents.cartograph";
  core::bench::SyntheticOptions options;
  options.positions_per_document = 1;  // 30,000 one-position documents, 90,000 statistics rows
  auto written = core::bench::write_synthetic_session(file, 30000, 3, core::Job::silent(), options);
  ASSERT_TRUE(written) << written.error().what();
  auto s = SessionFile::open(file, OpenMode::ReadOnly);
  ASSERT_TRUE(s) << s.error().what();
  auto runs = RunReader(*s).list_runs();
  ASSERT_TRUE(runs);
  ASSERT_EQ(runs->size(), 1u);
  const std::int64_t id = runs->front().id;

  rows::StatisticsRead after_how, beside_how;
  const auto after = document_rows_test::read(*s, id, 3, 0, after_how);
  const auto beside = document_rows_test::read(*s, id, 3, 1, beside_how);
  EXPECT_EQ(after_how, rows::StatisticsRead::After);
  EXPECT_EQ(beside_how, rows::StatisticsRead::Beside) << "a finished run is read on two connections";
  ASSERT_EQ(after.size(), 30000u);
  ASSERT_EQ(beside.size(), after.size());
  std::size_t differing = 0, distinct_nll = 0;
  for (std::size_t d = 0; d < after.size(); ++d) {
    ASSERT_EQ(beside[d].stats.size(), 3u);
    for (std::size_t m = 0; m < 3; ++m) {
      const auto &a = after[d].stats[m], &b = beside[d].stats[m];
      differing += a.tokens != b.tokens || a.nll_mean != b.nll_mean || a.entropy_mean != b.entropy_mean ||
                   a.top1_accuracy != b.top1_accuracy || a.kl_bt_mean != b.kl_bt_mean ||
                   a.kl_tb_mean != b.kl_tb_mean || a.js_mean != b.js_mean || a.kl_max != b.kl_max ||
                   a.bits_per_byte != b.bits_per_byte;
      EXPECT_EQ(b.tokens, 1) << "document " << d << " map " << m;
    }
    distinct_nll += d > 0 && after[d].stats[0].nll_mean != after[d - 1].stats[0].nll_mean;
  }
  EXPECT_EQ(differing, 0u);
  EXPECT_GT(distinct_nll, 29000u) << "each document has statistics of its own";

  // load_run takes the second connection by default at this size; the run is the same either way.
  RunReader reader(*s);
  auto by_default = reader.load_run(id);
  auto one_connection = reader.load_run(id, {.parallel_from = 0});
  ASSERT_TRUE(by_default && one_connection);
  EXPECT_EQ(testsupport::first_difference(*one_connection, *by_default), "");
}

// A run still being written may gain documents between the two connections' snapshots: it is read on one.
TEST(DocumentRows, ARunStillRunningIsReadOnOneConnection) {
  testsupport::TempDir dir;
  const auto file = dir / "running.cartograph";
  auto s = SessionFile::create(file);
  ASSERT_TRUE(s) << s.error().what();
  const auto f = storetest::make_fixture(5);
  RunWriter writer(*s);
  auto run = writer.begin_run(f.run, f.territory);
  ASSERT_TRUE(run) << run.error().what();
  ASSERT_TRUE(writer.commit_documents(*run, std::span(f.run.documents).first(3)));
  auto row = rows::finished_row(rows::connection(*s), *run);
  ASSERT_TRUE(row);
  EXPECT_EQ(*row, "") << "a running run has no finished row";
  rows::StatisticsRead how;
  const auto documents = document_rows_test::read(*s, *run, f.run.maps.size(), 1, how);
  EXPECT_EQ(how, rows::StatisticsRead::After);
  ASSERT_EQ(documents.size(), 3u);
  for (std::size_t d = 0; d < 3; ++d)
    EXPECT_EQ(documents[d].stats[0].nll_mean, f.run.documents[d].stats[0].nll_mean) << "document " << d;
}
