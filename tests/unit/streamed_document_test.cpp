// A long document streamed (issue 20: "peak memory independent of the document's length beyond its
// token ids"): without kept tracks the engine holds only a document's positions since its last commit,
// sums the rest as it drops them, and the store joins the committed parts and the tail into the
// document's one row of tracks in place. Truth here is the same run with every track kept: the sums and
// the stored arrays must be the same bits.
#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include <bit>
#include <map>

#include "core/analysis/engine.h"
#include "core/store/document_parts.h"
#include "core/store/run_reader.h"
#include "core/store/run_writer.h"
#include "core/store/session_file.h"
#include "tests/support/store_compare.h"
#include "tests/support/test_support.h"
#include "tests/support/toy_models.h"
#include "tests/unit/store_test_data.h"

using namespace core::analysis;

// Named, not anonymous, and holding the tests: unity builds put several test files in one translation unit.
namespace streamed_document_test {

constexpr std::int64_t V = 259;

template <class T>
void append(std::vector<T>& to, const std::vector<T>& from, std::size_t a, std::size_t b, std::size_t width = 1) {
  if (from.empty()) return;
  to.insert(to.end(), from.begin() + std::ptrdiff_t(a * width), from.begin() + std::ptrdiff_t(b * width));
}

// Positions [a, b) of the positions `from` holds, appended to `to`.
void append_range(MapTrack& to, const MapTrack& from, std::size_t a, std::size_t b) {
  const std::size_t k = std::size_t(from.top_k);
  to.top_k = from.top_k;
  append(to.logp, from.logp, a, b), append(to.entropy, from.entropy, a, b), append(to.rank, from.rank, a, b);
  append(to.confidence, from.confidence, a, b), append(to.sum_p2, from.sum_p2, a, b);
  append(to.kl_bt, from.kl_bt, a, b), append(to.kl_tb, from.kl_tb, a, b), append(to.js, from.js, a, b);
  append(to.kl_tz, from.kl_tz, a, b), append(to.added_mass, from.added_mass, a, b);
  append(to.top_ids, from.top_ids, a, b, k), append(to.top_p, from.top_p, a, b, k);
  to.temperature_stats = from.temperature_stats;
}

void expect_same_track(const MapTrack& a, const MapTrack& b, const std::string& what) {
  EXPECT_EQ(testsupport::first_bit_difference(a, b), "") << what;
}

std::uint64_t bits(double v) { return std::bit_cast<std::uint64_t>(v); }

void expect_same_summaries(const std::vector<MapSummary>& a, const std::vector<MapSummary>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t m = 0; m < a.size(); ++m) {
    EXPECT_EQ(a[m].tokens, b[m].tokens) << "map " << m;
    EXPECT_EQ(bits(a[m].nll_mean), bits(b[m].nll_mean)) << "map " << m;
    EXPECT_EQ(bits(a[m].bits_per_byte), bits(b[m].bits_per_byte)) << "map " << m;
    EXPECT_EQ(bits(a[m].kl_bt_mean), bits(b[m].kl_bt_mean)) << "map " << m;
    EXPECT_EQ(bits(a[m].kl_tb_mean), bits(b[m].kl_tb_mean)) << "map " << m;
    EXPECT_EQ(bits(a[m].js_mean), bits(b[m].js_mean)) << "map " << m;
    EXPECT_EQ(bits(a[m].entropy_mean), bits(b[m].entropy_mean)) << "map " << m;
    EXPECT_EQ(bits(a[m].brier), bits(b[m].brier)) << "map " << m;
    EXPECT_EQ(bits(a[m].ece), bits(b[m].ece)) << "map " << m;
    EXPECT_EQ(bits(a[m].temperature), bits(b[m].temperature)) << "map " << m;
    EXPECT_EQ(bits(a[m].top1_accuracy), bits(b[m].top1_accuracy)) << "map " << m;
    EXPECT_EQ(a[m].quadrants.blank, b[m].quadrants.blank) << "map " << m;
    EXPECT_EQ(a[m].quadrants.misdrawn, b[m].quadrants.misdrawn) << "map " << m;
  }
}

void expect_same_stats(const std::vector<DocumentStats>& a, const std::vector<DocumentStats>& b, std::int64_t doc) {
  ASSERT_EQ(a.size(), b.size()) << "document " << doc;
  for (std::size_t m = 0; m < a.size(); ++m) {
    EXPECT_EQ(a[m].tokens, b[m].tokens) << "document " << doc << ", map " << m;
    EXPECT_EQ(bits(a[m].nll_mean), bits(b[m].nll_mean)) << "document " << doc << ", map " << m;
    EXPECT_EQ(bits(a[m].entropy_mean), bits(b[m].entropy_mean)) << "document " << doc << ", map " << m;
    EXPECT_EQ(bits(a[m].top1_accuracy), bits(b[m].top1_accuracy)) << "document " << doc << ", map " << m;
    EXPECT_EQ(bits(a[m].kl_bt_mean), bits(b[m].kl_bt_mean)) << "document " << doc << ", map " << m;
    EXPECT_EQ(bits(a[m].kl_max), bits(b[m].kl_max)) << "document " << doc << ", map " << m;
    EXPECT_EQ(bits(a[m].bits_per_byte), bits(b[m].bits_per_byte)) << "document " << doc << ", map " << m;
  }
}

// Two maps whose logits depend on the previous byte and the position in the window, over a territory
// with one document of thousands of bytes among short ones.
RunSpec long_document_spec() {
  auto tok = testsupport::byte_tokenizer();
  const auto table = [](std::uint64_t seed) {
    at::manual_seed(seed);
    at::Tensor t = at::randn({V, V}, at::kFloat) * 1.5;
    t.narrow(1, 0, 3).fill_(-30);
    return t;
  };
  const auto fn = [](at::Tensor t) {
    return [t](std::int64_t prev, std::int64_t pos) {
      at::Tensor l = t[prev].clone();
      l[3 + (pos * 7) % 250] += 0.25f * float(pos);
      return l;
    };
  };
  RunSpec spec;
  spec.maps = {{testsupport::function_checkpoint(fn(table(3)), V, 64, tok, "base"), "base"},
               {testsupport::function_checkpoint(fn(table(4)), V, 64, tok, "tuned"), "tuned"}};
  std::string long_text;
  for (int i = 0; long_text.size() < 3000; ++i) long_text += "the map is not the territory " + std::to_string(i * 37) + ". ";
  spec.territory.source = "memory";
  spec.territory.content_hash = "h";
  for (const std::string& text : {std::string("a short one"), long_text, std::string("mid-sized text here")})
    spec.territory.documents.push_back({"doc" + std::to_string(spec.territory.documents.size()), text, {}});
  spec.settings.context = 16;
  spec.settings.stride = 8;
  spec.settings.batch = 2;
  spec.settings.top_k = 4;
  return spec;
}

std::shared_ptr<const RunResult> run_ok(const RunSpec& spec, const RunOptions& options) {
  auto plan = plan_run(spec);
  EXPECT_TRUE(plan) << plan.error().what();
  auto r = run(spec, *plan, core::Job::silent(), options);
  EXPECT_TRUE(r) << r.error().what();
  return r ? *r : nullptr;
}

// A copy of `doc` whose tracks hold its positions from `from` on, as the engine hands it over once
// it has streamed the rest.
DocumentResult tail_of(const DocumentResult& doc, std::size_t from) {
  DocumentResult d = doc;
  for (MapTrack& t : d.maps) {
    MapTrack held;
    append_range(held, t, from, t.size());
    t = held;
  }
  d.tracks_from = std::int64_t(from);
  return d;
}

TEST(StreamedDocument, TheEngineHoldsOnlyThePositionsSinceTheLastCommitAndSumsTheSameBits) {
  const RunSpec spec = long_document_spec();
  const auto kept = run_ok(spec, {});  // every track kept: the reference
  ASSERT_TRUE(kept);
  const std::size_t long_positions = kept->documents[1].scored();
  ASSERT_GT(long_positions, 2900u);

  // Streamed, committing after every batch: what the sinks are handed, joined, is every position.
  std::map<std::int64_t, std::vector<MapTrack>> joined;
  std::map<std::int64_t, std::int64_t> committed;
  std::size_t most_held = 0, long_tracks_from = 0;
  RunOptions options;
  options.keep_tracks = false;
  options.part_sink = [&](const GroupProgress& progress) -> core::Result<bool> {
    for (const DocumentProgress& d : progress.documents) {
      const DocumentResult& doc = *d.document;
      EXPECT_EQ(doc.tracks_from, committed[doc.index]) << "the tracks hold what is not committed yet";
      most_held = std::max(most_held, doc.maps[0].size());
      auto& tracks = joined[doc.index];
      tracks.resize(doc.maps.size());
      for (std::size_t m = 0; m < doc.maps.size(); ++m)
        append_range(tracks[m], doc.maps[m], 0, std::size_t(d.positions - doc.tracks_from));
      committed[doc.index] = d.positions;
    }
    return true;
  };
  options.sink = [&](const DocumentResult& doc) -> core::Result<void> {
    if (doc.index == 1) long_tracks_from = std::size_t(doc.tracks_from);
    EXPECT_EQ(doc.tracks_from, committed[doc.index]);
    auto& tracks = joined[doc.index];
    tracks.resize(doc.maps.size());
    for (std::size_t m = 0; m < doc.maps.size(); ++m) append_range(tracks[m], doc.maps[m], 0, doc.maps[m].size());
    return {};
  };
  const auto streamed = run_ok(spec, options);
  ASSERT_TRUE(streamed);
  EXPECT_GT(long_tracks_from, long_positions / 2) << "the long document was handed over as it went";
  // A batch is two windows of 16 tokens: the engine never holds more than that beyond the last commit.
  EXPECT_LE(most_held, 2u * 16u) << "of " << long_positions << " positions";
  for (const DocumentResult& d : kept->documents) {
    ASSERT_EQ(joined[d.index].size(), d.maps.size());
    for (std::size_t m = 0; m < d.maps.size(); ++m)
      expect_same_track(d.maps[m], joined[d.index][m], "document " + std::to_string(d.index) + ", map " + std::to_string(m));
  }
  expect_same_summaries(kept->summaries, streamed->summaries);
  ASSERT_EQ(streamed->documents.size(), kept->documents.size());
  for (std::size_t d = 0; d < kept->documents.size(); ++d) {
    expect_same_stats(kept->documents[d].stats, streamed->documents[d].stats, std::int64_t(d));
    EXPECT_TRUE(streamed->documents[d].maps.empty()) << "tracks were not kept";
  }

  // With no sink at all (a run nobody records), positions are dropped after every batch.
  RunOptions bare;
  bare.keep_tracks = false;
  const auto alone = run_ok(spec, bare);
  ASSERT_TRUE(alone);
  expect_same_summaries(kept->summaries, alone->summaries);
  for (std::size_t d = 0; d < kept->documents.size(); ++d)
    expect_same_stats(kept->documents[d].stats, alone->documents[d].stats, std::int64_t(d));
}

TEST(StreamedDocument, TheStoreJoinsTheCommittedPartsAndTheTailIntoTheDocumentsTracks) {
  testsupport::TempDir dir;
  const storetest::Fixture f = storetest::make_fixture(4);  // base, tuned with added ids, zoomed base
  const DocumentResult& whole = f.run.documents[3];
  const std::size_t n = whole.scored();
  ASSERT_GE(n, 20u);
  const auto write = [&](const std::filesystem::path& file, bool streamed) {
    auto s = core::store::SessionFile::create(file);
    ASSERT_TRUE(s) << s.error().what();
    core::store::RunWriter writer(*s);
    auto run = writer.begin_run(f.run, f.territory);
    ASSERT_TRUE(run) << run.error().what();
    std::vector<DocumentResult> docs(f.run.documents.begin(), f.run.documents.begin() + 3);
    if (streamed) {
      // Committed as the engine would: [0, 7) while it held everything, [7, 15) once it held [7, n).
      const DocumentResult held7 = tail_of(whole, 7);
      const core::store::DocumentPart parts1[] = {{&whole, 0, 7, 0, 1}};
      ASSERT_TRUE(writer.commit_parts(*run, parts1));
      const core::store::DocumentPart parts2[] = {{&held7, 7, 15, whole.sample_positions.size(), 2}};
      ASSERT_TRUE(writer.commit_parts(*run, parts2));
      docs.push_back(tail_of(whole, 15));
    } else {
      docs.push_back(whole);
    }
    auto committed = writer.commit_documents(*run, docs);
    ASSERT_TRUE(committed) << committed.error().what();
    ASSERT_TRUE(writer.finish_run(*run, f.run.summaries, f.run.projection, core::store::RunStatus::Complete));
  };
  write(dir / "whole.cartograph", false);
  write(dir / "streamed.cartograph", true);
  auto a = core::store::SessionFile::open(dir / "whole.cartograph", core::store::OpenMode::ReadOnly);
  auto b = core::store::SessionFile::open(dir / "streamed.cartograph", core::store::OpenMode::ReadOnly);
  ASSERT_TRUE(a && b);
  ASSERT_TRUE(b->verify());
  core::store::RunReader ra(*a), rb(*b);
  auto runs = rb.list_runs();
  ASSERT_TRUE(runs && runs->size() == 1u);
  const std::int64_t id = runs->front().id;
  for (std::int64_t d = 0; d < 4; ++d) {
    auto ta = ra.load_tracks(id, d), tb = rb.load_tracks(id, d);
    ASSERT_TRUE(ta && tb) << "document " << d;
    ASSERT_EQ(ta->size(), tb->size());
    for (std::size_t m = 0; m < ta->size(); ++m)
      expect_same_track((*ta)[m], (*tb)[m], "document " + std::to_string(d) + ", map " + std::to_string(m));
  }
  EXPECT_EQ((*rb.load_tracks(id, 3))[1].size(), n);
  auto la = ra.load_run(id), lb = rb.load_run(id);
  ASSERT_TRUE(la && lb);
  ASSERT_TRUE(la->histograms && lb->histograms);
  for (std::size_t m = 0; m < la->maps.size(); ++m) {
    EXPECT_EQ(la->histograms->entropy[m].counts, lb->histograms->entropy[m].counts) << "map " << m;
    EXPECT_EQ(la->histograms->delta_nll[m].counts, lb->histograms->delta_nll[m].counts) << "map " << m;
  }
  auto left = core::store::load_document_parts(*b, id);
  ASSERT_TRUE(left);
  EXPECT_TRUE(left->empty()) << "the document's parts were deleted with its row written";
}

TEST(StreamedDocument, PartsThatDoNotJoinTheTailAreCorruptionAndNothingIsWritten) {
  testsupport::TempDir dir;
  const storetest::Fixture f = storetest::make_fixture(4);
  const DocumentResult& whole = f.run.documents[3];
  const auto file = dir / "gap.cartograph";
  auto s = core::store::SessionFile::create(file);
  ASSERT_TRUE(s);
  core::store::RunWriter writer(*s);
  auto run = writer.begin_run(f.run, f.territory);
  ASSERT_TRUE(run);
  const core::store::DocumentPart parts[] = {{&whole, 0, 7, 0, 1}};
  ASSERT_TRUE(writer.commit_parts(*run, parts));
  // The tail starts at 12: positions 7..12 are in no part.
  const DocumentResult tail[] = {tail_of(whole, 12)};
  auto committed = writer.commit_documents(*run, tail);
  ASSERT_FALSE(committed) << "a document with a gap was written";
  EXPECT_EQ(committed.error().code, core::ErrorCode::Corrupt) << committed.error().what();
  const std::string what = committed.error().what();
  EXPECT_NE(what.find(file.string()), std::string::npos) << what;
  EXPECT_NE(what.find("document 3"), std::string::npos) << what;
  EXPECT_NE(what.find("0..12"), std::string::npos) << what;
  auto done = writer.completed_documents(*run);
  ASSERT_TRUE(done);
  EXPECT_TRUE(done->empty()) << "the failed commit left rows behind";
  auto kept_parts = core::store::load_document_parts(*s, *run);
  ASSERT_TRUE(kept_parts);
  ASSERT_EQ(kept_parts->size(), 1u) << "the parts are still there to resume from";
  EXPECT_EQ(kept_parts->front().positions, 7);
}

}  // namespace streamed_document_test
