// Prompts keep their history, slices and view state round-trip, annotations outlive the runs.
#include <gtest/gtest.h>

#include <thread>

#include "core/store/catalog.h"
#include "core/store/library.h"
#include "core/store/run_writer.h"
#include "core/store/session_file.h"
#include "tests/support/test_support.h"
#include "tests/unit/store_test_data.h"

using namespace core::store;
using core::ErrorCode;

TEST(StoreLibrary, EveryPromptEditIsKeptAsAVersion) {
  testsupport::TempDir dir;
  const auto file = dir / "prompts.cartograph";
  {
    auto s = SessionFile::create(file);
    ASSERT_TRUE(s);
    Library library(*s);
    auto p = library.save_prompt("assistant", "You are a helpful assistant.");
    ASSERT_TRUE(p);
    EXPECT_EQ(p->versions.size(), 1u);
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    p = library.save_prompt("assistant", "You are a helpful, harmless assistant.");
    ASSERT_TRUE(p);
    p = library.save_prompt("assistant", "You are a helpful, harmless assistant.");  // unchanged: no version
    ASSERT_TRUE(p);
    ASSERT_TRUE(library.save_prompt("pirate", "Arr.\nSpeak like a pirate."));
    EXPECT_FALSE(library.save_prompt("", "nameless"));
  }
  auto s = SessionFile::open(file);
  ASSERT_TRUE(s);
  Library library(*s);
  auto p = library.prompt("assistant");
  ASSERT_TRUE(p && *p);
  ASSERT_EQ((*p)->versions.size(), 2u);
  EXPECT_EQ((*p)->versions[0].text, "You are a helpful assistant.");
  EXPECT_EQ((*p)->versions[1].text, "You are a helpful, harmless assistant.");
  EXPECT_LE((*p)->versions[0].created_ms, (*p)->versions[1].created_ms);
  auto all = library.prompts();
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[1].name, "pirate");
  EXPECT_EQ((*all)[1].versions.back().text, "Arr.\nSpeak like a pirate.");
  ASSERT_TRUE(library.rename_prompt((*p)->id, "helpful"));
  EXPECT_FALSE(library.prompt("assistant")->has_value());
  EXPECT_EQ(library.prompt("helpful")->value().versions.size(), 2u);
  auto clash = library.rename_prompt((*p)->id, "pirate");
  ASSERT_FALSE(clash);
  EXPECT_EQ(clash.error().code, ErrorCode::InvalidInput);
  ASSERT_TRUE(library.delete_prompt((*p)->id));
  EXPECT_EQ(library.prompts()->size(), 1u);
  EXPECT_EQ(library.delete_prompt((*p)->id).error().code, ErrorCode::NotFound);
}

TEST(StoreLibrary, SlicesAndViewStateAreValidJsonKeptByName) {
  testsupport::TempDir dir;
  auto s = SessionFile::create(dir / "slices.cartograph");
  ASSERT_TRUE(s);
  Library library(*s);
  auto a = library.save_slice("high loss", R"({"kind":"threshold","metric":"nll","above":2.5})");
  ASSERT_TRUE(a);
  auto b = library.save_slice("high loss", R"({"kind":"threshold","metric":"nll","above":3})");
  ASSERT_TRUE(b);
  EXPECT_EQ(a->id, b->id) << "saving under the same name replaces the definition";
  EXPECT_EQ(b->created_ms, a->created_ms);
  ASSERT_TRUE(library.save_slice("lasso", R"({"kind":"lasso","points":[[0,0],[1,0],[0,1]]})"));
  auto bad = library.save_slice("broken", "{not json");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::InvalidInput);
  auto slices = library.slices();
  ASSERT_TRUE(slices);
  ASSERT_EQ(slices->size(), 2u);
  EXPECT_EQ((*slices)[0].definition_json, R"({"kind":"threshold","metric":"nll","above":3})");
  ASSERT_TRUE(library.delete_slice(a->id));
  EXPECT_EQ(library.slices()->size(), 1u);

  EXPECT_FALSE(library.view_state("main-window")->has_value());
  ASSERT_TRUE(library.set_view_state("main-window", R"({"run":3,"document":17,"zoom":2.5})"));
  ASSERT_TRUE(library.set_view_state("main-window", R"({"run":4})"));
  EXPECT_EQ(library.view_state("main-window")->value(), R"({"run":4})");
  EXPECT_FALSE(library.set_view_state("main-window", "run=4"));
  ASSERT_TRUE(library.erase_view_state("main-window"));
  EXPECT_FALSE(library.view_state("main-window")->has_value());
}

TEST(StoreLibrary, AnnotationsPinToTheTerritoryAndSurviveRecomputingAndDeletingRuns) {
  testsupport::TempDir dir;
  auto s = SessionFile::create(dir / "notes.cartograph");
  ASSERT_TRUE(s);
  const auto f = storetest::make_fixture(3);
  RunWriter writer(*s);
  auto first = writer.begin_run(f.run, f.territory);
  ASSERT_TRUE(first);
  ASSERT_TRUE(writer.commit_documents(*first, f.run.documents));
  ASSERT_TRUE(writer.finish_run(*first, f.run.summaries, f.run.projection, RunStatus::Complete));
  auto territory = Catalog(*s).find_territory(f.territory.content_hash);
  ASSERT_TRUE(territory && *territory);

  Library library(*s);
  auto note = library.add_annotation(**territory, 1, 4, 9, "the tuned map forgets the dragon here");
  ASSERT_TRUE(note) << note.error().what();
  ASSERT_TRUE(library.add_annotation(**territory, 1, 0, 2, "BOS region"));
  ASSERT_TRUE(library.add_annotation(**territory, 0, 3, 3, "empty span marks a point"));
  EXPECT_EQ(library.add_annotation(**territory, 9, 0, 1, "no such document").error().code, ErrorCode::NotFound);
  EXPECT_EQ(library.add_annotation(**territory, 1, 5, 4, "backwards").error().code, ErrorCode::InvalidInput);

  // Recompute: a new run over the same territory, then delete the old one.
  auto second = writer.begin_run(f.run, **territory);
  ASSERT_TRUE(second);
  ASSERT_TRUE(writer.commit_documents(*second, f.run.documents));
  ASSERT_TRUE(writer.finish_run(*second, f.run.summaries, f.run.projection, RunStatus::Complete));
  ASSERT_TRUE(writer.delete_run(*first));

  ASSERT_TRUE(library.update_annotation(note->id, "the tuned map forgets the dragon"));
  auto on_doc = library.annotations(**territory, 1);
  ASSERT_TRUE(on_doc);
  ASSERT_EQ(on_doc->size(), 2u);
  EXPECT_EQ((*on_doc)[0].note, "BOS region");
  EXPECT_EQ((*on_doc)[1].span_start, 4);
  EXPECT_EQ((*on_doc)[1].span_end, 9);
  EXPECT_EQ((*on_doc)[1].note, "the tuned map forgets the dragon");
  EXPECT_GE((*on_doc)[1].modified_ms, (*on_doc)[1].created_ms);
  EXPECT_EQ(library.annotations(**territory)->size(), 3u);
  ASSERT_TRUE(library.delete_annotation(note->id));
  EXPECT_EQ(library.annotations(**territory)->size(), 2u);
}
