// The session keeps every field of a run: written batch by batch, closed, reopened, read back equal.
#include <gtest/gtest.h>

#include <sqlite3.h>

#include "core/store/catalog.h"
#include "core/store/run_reader.h"
#include "core/store/run_writer.h"
#include "core/store/session_file.h"
#include "tests/support/store_compare.h"
#include "tests/support/test_support.h"
#include "tests/unit/store_test_data.h"

using namespace core::store;
using testsupport::first_difference;
using storetest::make_fixture;
using storetest::without_tracks;

namespace {

std::int64_t count_rows(const std::filesystem::path& file, const std::string& table) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* q = nullptr;
  sqlite3_prepare_v2(db, ("SELECT count(*) FROM " + table).c_str(), -1, &q, nullptr);
  std::int64_t n = -1;
  if (sqlite3_step(q) == SQLITE_ROW) n = sqlite3_column_int64(q, 0);
  sqlite3_finalize(q);
  sqlite3_close(db);
  return n;
}

// Writes the fixture's run in batches of `batch` documents and finishes it.
std::int64_t write_run(SessionFile& s, const storetest::Fixture& f, std::size_t batch = 2) {
  RunWriter writer(s);
  auto run = writer.begin_run(f.run, f.territory);
  EXPECT_TRUE(run) << run.error().what();
  const auto& docs = f.run.documents;
  for (std::size_t i = 0; i < docs.size(); i += batch) {
    auto r = writer.commit_documents(*run, std::span(docs).subspan(i, std::min(batch, docs.size() - i)));
    EXPECT_TRUE(r) << r.error().what();
  }
  auto done = writer.finish_run(*run, f.run.summaries, f.run.projection, RunStatus::Complete);
  EXPECT_TRUE(done) << done.error().what();
  return *run;
}

}  // namespace

TEST(StoreRoundTrip, EveryFieldOfARunComesBackAfterReopening) {
  testsupport::TempDir dir;
  const auto file = dir / "roundtrip.cartograph";
  const auto f = make_fixture(7);
  std::int64_t run_id = 0;
  {
    auto s = SessionFile::create(file);
    ASSERT_TRUE(s) << s.error().what();
    run_id = write_run(*s, f, 3);
  }
  auto s = SessionFile::open(file, OpenMode::ReadOnly);
  ASSERT_TRUE(s) << s.error().what();
  RunReader reader(*s);

  auto loaded = reader.load_run(run_id);
  ASSERT_TRUE(loaded) << loaded.error().what();
  EXPECT_EQ(first_difference(without_tracks(f.run), *loaded), "");
  for (const auto& d : loaded->documents) EXPECT_TRUE(d.maps.empty()) << "tracks must load lazily";

  // Tracks, lazily, document by document: exact except top-k probabilities (float16).
  for (const auto& d : f.run.documents) {
    auto tracks = reader.load_tracks(run_id, d.index);
    ASSERT_TRUE(tracks) << tracks.error().what();
    ASSERT_EQ(tracks->size(), d.maps.size());
    for (std::size_t m = 0; m < d.maps.size(); ++m)
      EXPECT_EQ(first_difference(d.maps[m], (*tracks)[m]), "") << "document " << d.index << " map " << m;
    auto one = reader.load_track(run_id, d.index, 1);
    ASSERT_TRUE(one);
    EXPECT_EQ(first_difference(d.maps[1], *one), "");
  }
  // The NaN, -inf and -0 of document 1 came back as themselves, bit for bit.
  auto tracks1 = reader.load_tracks(run_id, 1);
  ASSERT_TRUE(tracks1);
  EXPECT_TRUE(std::isinf((*tracks1)[0].logp[0]) && (*tracks1)[0].logp[0] < 0);
  EXPECT_TRUE(std::isnan((*tracks1)[0].entropy[0]));
  EXPECT_TRUE(std::signbit((*tracks1)[0].confidence[0]));
  // top_p is float16: within half a unit in the last place of a 10-bit mantissa.
  const auto& written_top = f.run.documents[1].maps[0].top_p;
  for (std::size_t i = 0; i < written_top.size(); ++i)
    EXPECT_NEAR((*tracks1)[0].top_p[i], written_top[i], std::max(written_top[i], 6.1e-5f) * (1.0f / 2048.0f));

  // Everything, samples included, in one comparison.
  auto full = reader.load_run(run_id, {.samples = true});
  ASSERT_TRUE(full);
  for (auto& d : full->documents) {
    auto t = reader.load_tracks(run_id, d.index);
    ASSERT_TRUE(t);
    d.maps = *t;
  }
  EXPECT_EQ(first_difference(f.run, *full, {.tracks = true, .samples = true}), "");
  EXPECT_FALSE(full->documents[0].samples.empty());

  auto list = reader.list_runs();
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 1u);
  const RunListing& l = list->front();
  EXPECT_EQ(l.id, run_id);
  EXPECT_EQ(l.status, RunStatus::Complete);
  EXPECT_EQ(l.prompt, f.run.settings.prompt);
  EXPECT_EQ(l.documents_total, 7);
  EXPECT_EQ(l.documents_done, 7);
  EXPECT_EQ(l.map_names, (std::vector<std::string>{"stories260K", "aidreams260K", "stories260K + prompt"}));
  EXPECT_EQ(l.map_roles, (std::vector<MapRole>{MapRole::Base, MapRole::Tuned, MapRole::Zoomed}));
  EXPECT_EQ(l.window, 256);
  EXPECT_GT(l.finished_ms, 0);
  EXPECT_GE(l.finished_ms, l.created_ms);

  // The territory's texts are kept for the token strip and reruns.
  Catalog catalog(*s);
  auto territory = reader.territory_of(run_id);
  ASSERT_TRUE(territory);
  auto text = catalog.document_text(*territory, 4);
  ASSERT_TRUE(text);
  EXPECT_EQ(*text, f.territory.documents[4].text);
  auto docs = catalog.documents(*territory);
  ASSERT_TRUE(docs);
  ASSERT_EQ(docs->size(), 7u);
  EXPECT_EQ((*docs)[3].metadata, f.territory.documents[3].metadata);
  EXPECT_TRUE((*docs)[3].text.empty());
}

TEST(StoreRoundTrip, ComparisonReportsTheFirstDifference) {
  // The helper itself must see a change in any stored field, or the round trip above proves nothing.
  const auto f = make_fixture(3);
  auto g = f.run;
  EXPECT_EQ(first_difference(f.run, g), "");
  g.documents[1].maps[1].kl_bt[2] += 1e-3f;
  EXPECT_NE(first_difference(f.run, g).find("documents[1].maps[1].kl_bt[2]"), std::string::npos);
  g = f.run;
  g.summaries[1].reliability[4].correct_sum = 0.5;
  EXPECT_NE(first_difference(f.run, g).find("summaries[1].reliability[4]"), std::string::npos);
  g = f.run;
  g.settings.seed = 7;
  EXPECT_NE(first_difference(f.run, g), "");
  g = f.run;
  g.documents[0].maps[0].top_p[0] = std::nextafter(g.documents[0].maps[0].top_p[0], 2.0f);
  EXPECT_EQ(first_difference(f.run, g), "") << "a change below float16 precision is not a difference";
  g.documents[0].maps[0].top_p[0] += 0.01f;
  EXPECT_NE(first_difference(f.run, g), "");
}

TEST(StoreRoundTrip, RerunsShareCheckpointsTerritoryAndVocabulary) {
  testsupport::TempDir dir;
  const auto file = dir / "shared.cartograph";
  const auto f = make_fixture(3);
  auto s = SessionFile::create(file);
  ASSERT_TRUE(s);
  const auto first = write_run(*s, f);
  const auto second = write_run(*s, f);
  EXPECT_NE(first, second);
  EXPECT_EQ(count_rows(file, "checkpoints"), 2) << "base (also the zoomed map) and tuned, once each";
  EXPECT_EQ(count_rows(file, "territories"), 1);
  EXPECT_EQ(count_rows(file, "vocabularies"), 1);

  // Renaming a checkpoint renames it in every run, except where the run named the map itself.
  Catalog catalog(*s);
  auto base = catalog.find_checkpoint("aaaa0001");
  ASSERT_TRUE(base && *base);
  ASSERT_TRUE(catalog.rename_checkpoint((*base)->id, "TinyStories base"));
  RunReader reader(*s);
  auto loaded = reader.load_run(first);
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->maps[0].name, "TinyStories base");
  EXPECT_EQ(loaded->maps[2].name, "stories260K + prompt");

  // Deleting a run keeps the shared rows the other run needs.
  RunWriter writer(*s);
  ASSERT_TRUE(writer.delete_run(first));
  EXPECT_EQ(count_rows(file, "vocabularies"), 1);
  auto other = reader.load_run(second);
  ASSERT_TRUE(other) << other.error().what();
  EXPECT_EQ(other->documents.size(), 3u);
  ASSERT_TRUE(writer.delete_run(second));
  EXPECT_EQ(count_rows(file, "vocabularies"), 0);
  EXPECT_EQ(count_rows(file, "tracks"), 0);
  EXPECT_EQ(count_rows(file, "territories"), 1) << "the territory outlives its runs (annotations pin to it)";
}

TEST(StoreRoundTrip, CheckpointCatalogKeepsWeightsLineageAndNotes) {
  testsupport::TempDir dir;
  auto s = SessionFile::create(dir / "catalog.cartograph");
  ASSERT_TRUE(s);
  Catalog catalog(*s);
  CheckpointRecord base;
  base.name = "base";
  base.path = "/m/base";
  base.format = "hf-safetensors";
  base.architecture = "gpt2";
  base.dtype = "float16";
  base.sha256 = "11";
  base.role = MapRole::Base;
  base.weights = {{"/m/base/model-00001.safetensors", "f1", 100}, {"/m/base/model-00002.safetensors", "f2", 50}};
  CheckpointRecord tuned = base;
  tuned.name = "sft";
  tuned.sha256 = "22";
  tuned.role = MapRole::Tuned;
  tuned.weights = {{"/m/sft/model.safetensors", "f3", 150}};
  auto b = catalog.add_checkpoint(base);
  auto t = catalog.add_checkpoint(tuned);
  ASSERT_TRUE(b && t);
  // Adding the same weights from another folder finds the same checkpoint and records the new place.
  base.path = "/moved/base";
  auto again = catalog.add_checkpoint(base);
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, *b);
  ASSERT_TRUE(catalog.set_lineage_order(std::vector<std::int64_t>{*t, *b}));
  ASSERT_TRUE(catalog.set_checkpoint_notes(*t, "RLHF, 3 epochs"));
  auto all = catalog.checkpoints();
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].name, "sft");
  EXPECT_EQ((*all)[0].notes, "RLHF, 3 epochs");
  EXPECT_EQ((*all)[1].path, "/moved/base");
  ASSERT_EQ((*all)[1].weights.size(), 2u);
  EXPECT_EQ((*all)[1].weights[1].sha256, "f2");
  EXPECT_EQ((*all)[1].weights[1].bytes, 50);
  EXPECT_EQ((*all)[1].role, MapRole::Base);
  auto missing = catalog.rename_checkpoint(999, "x");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, core::ErrorCode::NotFound);
}

TEST(StoreRoundTrip, AnInvalidDocumentRejectsTheWholeBatch) {
  testsupport::TempDir dir;
  auto s = SessionFile::create(dir / "invalid.cartograph");
  ASSERT_TRUE(s);
  const auto f = make_fixture(4);
  RunWriter writer(*s);
  auto run = writer.begin_run(f.run, f.territory);
  ASSERT_TRUE(run);
  auto batch = std::vector(f.run.documents.begin(), f.run.documents.begin() + 2);
  batch[1].maps[1].kl_tb.pop_back();
  auto r = writer.commit_documents(*run, batch);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::InvalidInput);
  EXPECT_NE(r.error().message.find("kl_tb has"), std::string::npos) << r.error().message;
  auto done = writer.completed_documents(*run);
  ASSERT_TRUE(done);
  EXPECT_TRUE(done->empty()) << "the valid first document of the batch must not be written either";

  auto beyond = f.run.documents[0];
  beyond.index = 4;
  r = writer.commit_documents(*run, std::span(&beyond, 1));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("not in the run's territory"), std::string::npos);
}

TEST(StoreRoundTrip, AFailureInsideABatchRollsItBack) {
  testsupport::TempDir dir;
  auto s = SessionFile::create(dir / "rollback.cartograph");
  ASSERT_TRUE(s);
  const auto f = make_fixture(4);
  bool fail_now = false;
  RunWriter writer(*s, {.after_document_written = [&](std::int64_t doc) {
                          if (fail_now && doc == 3) throw std::runtime_error("disk vanished");
                        }});
  auto run = writer.begin_run(f.run, f.territory);
  ASSERT_TRUE(run);
  ASSERT_TRUE(writer.commit_documents(*run, std::span(f.run.documents).subspan(0, 2)));
  fail_now = true;
  EXPECT_THROW((void)writer.commit_documents(*run, std::span(f.run.documents).subspan(2, 2)), std::runtime_error);
  auto done = writer.completed_documents(*run);
  ASSERT_TRUE(done);
  EXPECT_EQ(*done, (std::set<std::int64_t>{0, 1})) << "document 2 was written in the failed batch";
  RunReader reader(*s);
  auto listing = reader.run_listing(*run);
  ASSERT_TRUE(listing);
  EXPECT_EQ(listing->documents_done, 2);
  // The session is still usable: the same batch goes through afterwards.
  fail_now = false;
  ASSERT_TRUE(writer.commit_documents(*run, std::span(f.run.documents).subspan(2, 2)));
  EXPECT_EQ(writer.completed_documents(*run)->size(), 4u);
}

// A run of many documents held a metadata map per document (issue 20: a quarter of an opened run's
// memory). Documents whose territory rows carry the same metadata text share one map; changing one
// document's fields leaves the others as the territory wrote them.
TEST(StoreRoundTrip, DocumentsWithTheSameMetadataShareOneMap) {
  testsupport::TempDir dir;
  const auto file = dir / "shared-metadata.cartograph";
  const auto f = make_fixture(7);
  std::int64_t run_id = 0;
  {
    auto s = SessionFile::create(file);
    ASSERT_TRUE(s) << s.error().what();
    run_id = write_run(*s, f);
  }
  auto s = SessionFile::open(file, OpenMode::ReadOnly);
  ASSERT_TRUE(s) << s.error().what();
  auto loaded = RunReader(*s).load_run(run_id);
  ASSERT_TRUE(loaded) << loaded.error().what();
  auto& docs = loaded->documents;
  ASSERT_EQ(docs.size(), 7u);
  // The fixture: document 0 has no metadata, the odd ones one split, the even ones the other.
  EXPECT_TRUE(docs[0].metadata.empty());
  for (std::size_t a = 1; a < docs.size(); ++a) {
    EXPECT_EQ(docs[a].metadata, f.territory.documents[a].metadata) << "document " << a;
    for (std::size_t b = a + 1; b < docs.size(); ++b)
      EXPECT_EQ(docs[a].metadata.shares_with(docs[b].metadata), a % 2 == b % 2) << a << " and " << b;
  }
  docs[3].metadata["split"] = "changed";
  EXPECT_EQ(docs[3].metadata.at("split"), "changed");
  EXPECT_EQ(docs[1].metadata.at("split"), "odd");
  EXPECT_EQ(docs[5].metadata.at("split"), "odd");
  EXPECT_FALSE(docs[3].metadata.shares_with(docs[1].metadata));
  EXPECT_TRUE(docs[1].metadata.shares_with(docs[5].metadata));
  docs[5].metadata.clear();
  EXPECT_TRUE(docs[5].metadata.empty());
  EXPECT_EQ(docs[1].metadata.at("split"), "odd");
}
