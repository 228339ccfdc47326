// Cancel at every stage of a recorded run (reading the territory, loading each map, planning,
// scoring, committing): each gives one Cancelled error, the session passes its integrity check, the
// run recorded before is untouched, and a cancelled run keeps exactly the documents it committed.
#include <gtest/gtest.h>

#include <set>

#include "core/store/execute_run.h"
#include "core/store/run_reader.h"
#include "core/store/session_file.h"
#include "tests/support/test_support.h"
#include "tests/support/tokenizer_fixtures.h"
#include "tests/unit/model_fixtures.h"

using namespace core::store;

namespace {

RunOrder cancel_order_for(const testsupport::TempDir& dir) {
  RunOrder order;
  order.maps = {{dir / "base" / "model.bin", "base", {}}, {dir / "tuned" / "model.bin", "tuned", {}}};
  order.territory_path = dir / "corpus.jsonl";
  order.settings.context = 16;
  order.settings.batch = 2;
  order.load = fixtures::no_hash();
  order.session_path = dir / "s.cartograph";
  order.record.commit_documents = 2;
  order.record.commit_interval = std::chrono::milliseconds(0);
  return order;
}

}  // namespace

TEST(StoreCancel, CancellingAtEveryStageKeepsTheSessionConsistentAndEveryCommittedDocument) {
  testsupport::TempDir dir;
  const std::vector<std::pair<std::string, float>> pieces = {{" ", -1}, {"a", -1}, {"b", -1}, {"ab", 2}, {" ab", 1}};
  fixtures::LlamaSpec spec;
  spec.vocab = 259 + int(pieces.size());
  for (const auto& [name, seed] : {std::pair<std::string, unsigned>{"base", 1}, {"tuned", 2}}) {
    std::filesystem::create_directories(dir / name);
    fixtures::write_llama2c(dir / name / "model.bin", spec, fixtures::random_llama(spec, seed));
    testsupport::write_file(dir / name / "tokenizer.bin", testsupport::make_llama2c_bin(pieces));
  }
  std::string corpus;
  for (int d = 0; d < 10; ++d) corpus += "{\"text\": \"ab a b ab " + std::string(std::size_t(5 + d), 'a') + " b\"}\n";
  testsupport::write_file(dir / "corpus.jsonl", corpus);

  // A complete run first, recording every stage it reports.
  std::vector<std::string> stages;
  core::Job watch([&](const core::Progress& p) {
    if (stages.empty() || stages.back() != p.stage) stages.push_back(p.stage);
    return true;
  });
  RunOrder order = cancel_order_for(dir);
  order.session_mode = OpenMode::CreateIfMissing;
  auto full = execute_run(order, watch);
  ASSERT_TRUE(full) << full.error().what();
  const std::int64_t kept = full->run_id;
  std::set<std::string> distinct(stages.begin(), stages.end());
  ASSERT_GE(distinct.size(), 4u) << "reading, loading, planning and scoring at least";

  // The same run over a second territory, cancelled at the first report of each stage in turn.
  testsupport::write_file(dir / "corpus.jsonl", corpus + "{\"text\": \"one more document\"}\n");
  for (const std::string& stage : distinct) {
    SCOPED_TRACE("cancelled in stage \"" + stage + "\"");
    core::Job job([&](const core::Progress& p) { return p.stage != stage; });
    RunOrder again = cancel_order_for(dir);
    again.record.resume = false;
    auto cancelled = execute_run(again, job);
    ASSERT_FALSE(cancelled) << "the run finished although cancelled";
    EXPECT_EQ(cancelled.error().code, core::ErrorCode::Cancelled) << cancelled.error().what();

    auto s = SessionFile::open(dir / "s.cartograph", OpenMode::ReadOnly);
    ASSERT_TRUE(s) << s.error().what();
    ASSERT_TRUE(s->verify()) << "integrity check";
    RunReader reader(*s);
    auto first = reader.run_listing(kept);
    ASSERT_TRUE(first);
    EXPECT_EQ(first->status, RunStatus::Complete);
    EXPECT_EQ(first->documents_done, 10);
    auto runs = reader.list_runs();
    ASSERT_TRUE(runs);
    for (const auto& r : *runs) {
      if (r.id == kept) continue;
      EXPECT_TRUE(r.status == RunStatus::Cancelled || r.status == RunStatus::Interrupted) << to_string(r.status);
      auto done = reader.completed_documents(r.id);
      ASSERT_TRUE(done);
      EXPECT_EQ(std::int64_t(done->size()), r.documents_done);
      for (std::int64_t d : *done) EXPECT_TRUE(reader.load_tracks(r.id, d)) << "committed document " << d;
    }
  }
}
