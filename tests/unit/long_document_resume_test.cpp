// A long document commits its scored windows as it goes, and a run stopped inside it resumes from its
// last committed window with every track and summary bit-identical to an uninterrupted run (issue 20:
// "a SIGKILL in the middle of a long document resumes from its last committed window with results
// equal to an uninterrupted run"; the process-level kill is tests/golden/long_document_crash_test.cpp).
#include <gtest/gtest.h>

#include <bit>

#include "core/analysis/digest.h"
#include "core/store/document_parts.h"
#include "core/store/execute_run.h"
#include "core/store/run_reader.h"
#include "core/store/session_file.h"
#include "tests/support/store_compare.h"
#include "tests/support/test_support.h"
#include "tests/support/tokenizer_fixtures.h"
#include "tests/unit/model_fixtures.h"
#include "tests/unit/store_test_data.h"

using namespace core::store;
using core::analysis::MapSummary;
using core::analysis::MapTrack;

namespace {

// Two tiny random llama2c maps, three short documents (a few windows each), then one long one (thousands
// of tokens: hundreds of 16-token windows), then a short one. The long document shares its batch group
// with the short ones before it, so resuming must also restore their parts.
void write_fixture(const testsupport::TempDir& dir) {
  const std::vector<std::pair<std::string, float>> pieces = {{" ", -1}, {"a", -1}, {"b", -1}, {"ab", 2}, {" ab", 1}};
  fixtures::LlamaSpec spec;
  spec.vocab = 259 + int(pieces.size());
  for (const auto& [name, seed] : {std::pair<std::string, unsigned>{"base", 1}, {"tuned", 2}}) {
    std::filesystem::create_directories(dir / name);
    fixtures::write_llama2c(dir / name / "model.bin", spec, fixtures::random_llama(spec, seed));
    testsupport::write_file(dir / name / "tokenizer.bin", testsupport::make_llama2c_bin(pieces));
  }
  std::string corpus;
  std::string short_text;
  for (int i = 0; i < 3; ++i) short_text += "ab a b ab ";
  for (int d = 0; d < 3; ++d) corpus += "{\"text\": \"" + short_text + std::string(std::size_t(5 + d), 'a') + " b\"}\n";
  std::string long_text;
  for (int i = 0; long_text.size() < 12000; ++i) long_text += (i % 3 ? "ab a " : "b ab ") + std::string(std::size_t(i % 7), 'a') + ' ';
  corpus += "{\"text\": \"" + long_text + "\"}\n";
  corpus += "{\"text\": \"a b ab the end\"}\n";
  testsupport::write_file(dir / "corpus.jsonl", corpus);
}

RunOrder order_for(const testsupport::TempDir& dir, const std::string& session, bool keep_tracks = true) {
  RunOrder order;
  order.maps = {{dir / "base" / "model.bin", "base", {}}, {dir / "tuned" / "model.bin", "tuned", {}}};
  order.territory_path = dir / "corpus.jsonl";
  order.settings.context = 16;
  order.settings.stride = 8;
  order.settings.batch = 2;
  order.settings.prompt = "ab";  // a zoomed base too: every optional array is written and restored
  order.settings.projection_samples = 4000;
  order.load = fixtures::no_hash();
  order.session_path = dir / session;
  order.session_mode = OpenMode::CreateIfMissing;
  order.record.commit_interval = std::chrono::milliseconds(0);  // a part after every batch
  order.record.keep_tracks = keep_tracks;  // false: long documents are streamed (RunOptions::keep_tracks)
  return order;
}

void expect_same_track(const MapTrack& a, const MapTrack& b, const std::string& what) {
  EXPECT_EQ(testsupport::first_bit_difference(a, b), "") << what;
}

void expect_same_summary(const MapSummary& a, const MapSummary& b, const std::string& what) {
  EXPECT_EQ(a.tokens, b.tokens) << what;
  const std::pair<const char*, std::pair<double, double>> fields[] = {
      {"nll_mean", {a.nll_mean, b.nll_mean}},       {"bits_per_byte", {a.bits_per_byte, b.bits_per_byte}},
      {"kl_bt_mean", {a.kl_bt_mean, b.kl_bt_mean}}, {"kl_tb_mean", {a.kl_tb_mean, b.kl_tb_mean}},
      {"js_mean", {a.js_mean, b.js_mean}},          {"entropy_mean", {a.entropy_mean, b.entropy_mean}},
      {"ece", {a.ece, b.ece}},                      {"brier", {a.brier, b.brier}},
      {"top1_accuracy", {a.top1_accuracy, b.top1_accuracy}}, {"temperature", {a.temperature, b.temperature}},
      {"kp", {a.kp, b.kp}}};
  for (const auto& [name, v] : fields)
    EXPECT_EQ(std::bit_cast<std::uint64_t>(v.first), std::bit_cast<std::uint64_t>(v.second)) << what << " " << name;
}

// The run with every track kept, then the same run (streamed when !keep_tracks) cancelled when half
// the long document is scored and resumed: the results are those of the first.
void expect_resumed_run_identical(bool keep_tracks) {
  testsupport::TempDir dir;
  write_fixture(dir);

  // The uninterrupted run.
  auto whole = execute_run(order_for(dir, "whole.cartograph"));
  ASSERT_TRUE(whole) << whole.error().what();
  ASSERT_EQ(whole->result->documents.size(), 5u);
  const std::int64_t long_positions = std::int64_t(whole->result->documents[3].scored());
  ASSERT_GT(long_positions, 2000);
  std::int64_t all_positions = 0;
  for (const auto& d : whole->result->documents) all_positions += std::int64_t(d.scored());

  // The same run, cancelled when half the long document is scored.
  const RunOrder order = order_for(dir, "resumed.cartograph", keep_tracks);
  {
    core::Job job([&](const core::Progress& p) { return !(p.stage == "scoring" && p.done * 2 > p.total); }, {},
                  std::chrono::milliseconds(0));
    auto cancelled = execute_run(order, job);
    ASSERT_FALSE(cancelled) << "the run finished although cancelled";
    ASSERT_EQ(cancelled.error().code, core::ErrorCode::Cancelled) << cancelled.error().what();
  }
  std::int64_t committed = 0;
  {
    auto s = SessionFile::open(dir / "resumed.cartograph", OpenMode::ReadOnly);
    ASSERT_TRUE(s) << s.error().what();
    auto runs = RunReader(*s).list_runs();
    ASSERT_TRUE(runs);
    ASSERT_EQ(runs->size(), 1u);
    EXPECT_EQ(runs->front().documents_done, 0) << "no document of the long one's group is whole yet";
    auto done = RunReader(*s).completed_documents(runs->front().id);
    ASSERT_TRUE(done);
    EXPECT_TRUE(done->empty());
    auto parts = load_document_parts(*s, runs->front().id);
    ASSERT_TRUE(parts) << parts.error().what();
    ASSERT_EQ(parts->size(), 4u) << "the three short documents and the long one have parts";
    for (const auto& p : *parts) {
      EXPECT_GT(p.positions, 0);
      if (p.index != 3) continue;
      committed = p.positions;
      EXPECT_EQ(p.maps.size(), 3u);  // base, tuned, zoomed base
    }
    EXPECT_GT(committed, long_positions / 3) << "the long document committed as it went";
    EXPECT_LT(committed, long_positions);
  }

  // Resumed: the scoring stage counts only what is left, and the results are those of the whole run.
  std::int64_t resumed_total = -1;
  core::Job watch([&](const core::Progress& p) {
    if (p.stage == "scoring") resumed_total = p.total;
    return true;
  });
  auto resumed = execute_run(order, watch);
  ASSERT_TRUE(resumed) << resumed.error().what();
  EXPECT_EQ(resumed->resumed_documents, 0);
  EXPECT_GT(resumed_total, 0);
  EXPECT_LT(resumed_total, all_positions - committed + 1) << "the committed windows were scored again";

  const auto& a = *whole->result;
  const auto& b = *resumed->result;
  ASSERT_EQ(a.documents.size(), b.documents.size());
  for (std::size_t d = 0; d < a.documents.size() && keep_tracks; ++d)
    for (std::size_t m = 0; m < a.maps.size(); ++m)
      expect_same_track(a.documents[d].maps[m], b.documents[d].maps[m],
                        "in memory, document " + std::to_string(d) + ", map " + std::to_string(m));
  for (std::size_t m = 0; m < a.maps.size(); ++m) expect_same_summary(a.summaries[m], b.summaries[m], "in memory");

  // And as stored: both files hold the same tracks and summaries, and no parts are left.
  auto sa = SessionFile::open(dir / "whole.cartograph", OpenMode::ReadOnly);
  auto sb = SessionFile::open(dir / "resumed.cartograph", OpenMode::ReadOnly);
  ASSERT_TRUE(sa && sb);
  ASSERT_TRUE(sb->verify());
  RunReader ra(*sa), rb(*sb);
  auto la = ra.load_run(whole->run_id), lb = rb.load_run(resumed->run_id);
  ASSERT_TRUE(la && lb);
  EXPECT_EQ(lb->documents.size(), 5u);
  for (std::size_t m = 0; m < a.maps.size(); ++m) expect_same_summary(la->summaries[m], lb->summaries[m], "stored");
  for (std::int64_t d = 0; d < 5; ++d) {
    auto ta = ra.load_tracks(whole->run_id, d), tb = rb.load_tracks(resumed->run_id, d);
    ASSERT_TRUE(ta && tb) << "document " << d;
    for (std::size_t m = 0; m < ta->size(); ++m)
      expect_same_track((*ta)[m], (*tb)[m], "stored, document " + std::to_string(d) + ", map " + std::to_string(m));
  }
  // The histograms finish_run counted, reading the long document's 12k positions a range at a time,
  // are those of the pass over the loaded tracks (core/analysis/digest.h).
  core::analysis::HistogramPass pass(a.maps.size());
  for (std::int64_t d = 0; d < 5; ++d) pass.add(*ra.load_tracks(whole->run_id, d), nullptr, std::size_t(d));
  const core::analysis::RunHistograms expected = pass.finish();
  ASSERT_TRUE(lb->histograms);
  for (std::size_t m = 0; m < a.maps.size(); ++m) {
    EXPECT_EQ(lb->histograms->entropy[m].counts, expected.entropy[m].counts) << "map " << m;
    EXPECT_EQ(lb->histograms->delta_nll[m].counts, expected.delta_nll[m].counts) << "map " << m;
    EXPECT_EQ(lb->histograms->kl_base_tuned[m].counts, expected.kl_base_tuned[m].counts) << "map " << m;
  }
  auto left = load_document_parts(*sb, resumed->run_id);
  ASSERT_TRUE(left);
  EXPECT_TRUE(left->empty()) << "a complete run keeps no parts";
}

}  // namespace

TEST(LongDocumentResume, ARunCancelledInsideALongDocumentResumesFromItsLastPartWithIdenticalResults) {
  expect_resumed_run_identical(true);
}

TEST(LongDocumentResume, AStreamedRunCancelledInsideALongDocumentResumesWithIdenticalStoredResults) {
  // Without kept tracks the engine holds only the long document's positions since its last part and
  // the store joins the parts into its row (streamed_document_test.cpp); the resumed run also restores
  // the committed prefix into an engine that streams.
  expect_resumed_run_identical(false);
}

TEST(LongDocumentResume, PartsThatDoNotMatchTheGroupAreScoredAgainNotTrusted) {
  // The long document's parts are damaged (its maps' parts no longer join to one prefix): they are not
  // trusted. The run resumes at the newest window the remaining parts agree on (the short documents
  // before it, wholly scored), scores the long document from its start over its old rows, and the
  // results still equal an uninterrupted run's.
  testsupport::TempDir dir;
  write_fixture(dir);
  auto whole = execute_run(order_for(dir, "whole.cartograph"));
  ASSERT_TRUE(whole) << whole.error().what();
  const RunOrder order = order_for(dir, "resumed.cartograph");
  {
    core::Job job([&](const core::Progress& p) { return !(p.stage == "scoring" && p.done * 2 > p.total); }, {},
                  std::chrono::milliseconds(0));
    ASSERT_FALSE(execute_run(order, job));
  }
  std::int64_t trusted = 0;  // positions the short documents' parts hold
  {
    // Drop the long document's newest part of the base map only: its maps no longer agree.
    storetest::raw_exec(dir / "resumed.cartograph",
                          "DELETE FROM document_parts WHERE id = (SELECT MAX(id) FROM document_parts "
                          "WHERE doc_index = 3 AND map_index = 0)");
    auto s = SessionFile::open(dir / "resumed.cartograph", OpenMode::ReadOnly);
    ASSERT_TRUE(s);
    auto runs = RunReader(*s).list_runs();
    ASSERT_TRUE(runs && runs->size() == 1u);
    auto parts = load_document_parts(*s, runs->front().id);
    ASSERT_TRUE(parts);
    for (const auto& p : *parts) {
      EXPECT_NE(p.index, 3) << "a document whose maps' parts disagree is left out";
      trusted += p.positions;
    }
  }
  std::int64_t resumed_total = -1;
  core::Job watch([&](const core::Progress& p) {
    if (p.stage == "scoring") resumed_total = p.total;
    return true;
  });
  auto resumed = execute_run(order, watch);
  ASSERT_TRUE(resumed) << resumed.error().what();
  std::int64_t all_positions = 0;
  for (const auto& d : whole->result->documents) all_positions += std::int64_t(d.scored());
  EXPECT_GT(trusted, 0);
  EXPECT_EQ(resumed_total, all_positions - trusted)
      << "the long document is scored from its start, the short ones continue from their parts";
  for (std::size_t d = 0; d < whole->result->documents.size(); ++d)
    for (std::size_t m = 0; m < whole->result->maps.size(); ++m)
      expect_same_track(whole->result->documents[d].maps[m], resumed->result->documents[d].maps[m],
                        "document " + std::to_string(d) + ", map " + std::to_string(m));
  auto s = SessionFile::open(dir / "resumed.cartograph", OpenMode::ReadOnly);
  ASSERT_TRUE(s);
  ASSERT_TRUE(s->verify());
  auto parts = load_document_parts(*s, resumed->run_id);
  ASSERT_TRUE(parts);
  EXPECT_TRUE(parts->empty()) << "the damaged parts were replaced, then removed with the complete run";
}
