// The prompt library through the single save path: tags, notes and every edit's text kept as a
// version; "prompt id -> current version" for results; token shifts recorded and read back; a v2
// session upgraded to v3 keeps its prompts.
#include <gtest/gtest.h>

#include "core/store/edits.h"
#include "core/store/library.h"
#include "core/store/prompt_versions.h"
#include "core/store/schema.h"
#include "core/store/session_file.h"
#include "core/store/token_shifts.h"
#include "tests/support/test_support.h"
#include "tests/unit/store_test_data.h"

using namespace core::store;

namespace {

std::vector<std::string> texts(const PromptRecord& p) {
  std::vector<std::string> out;
  for (const auto& v : p.versions) out.push_back(v.text);
  return out;
}

}  // namespace

TEST(StorePromptVersions, EveryEditedTextTagsAndNoteAreSavedInOneTransaction) {
  testsupport::TempDir dir;
  auto s = SessionFile::create(dir / "p.cartograph");
  ASSERT_TRUE(s) << s.error().what();
  // A prompt made in the GUI and edited twice before the first save: all three texts are versions.
  SessionEdits e;
  e.prompts.push_back({-1, "header", "[zippy]\n", {"style", "zippy"}, "the SFT category's header", {"[", "[zip"}});
  auto saved = save_edits(*s, e);
  ASSERT_TRUE(saved) << saved.error().what();
  const std::int64_t id = saved->prompts.at(-1);
  auto p = Library(*s).prompt("header");
  ASSERT_TRUE(p && *p);
  EXPECT_EQ(texts(**p), (std::vector<std::string>{"[", "[zip", "[zippy]\n"}));
  EXPECT_EQ((*p)->tags, (std::vector<std::string>{"style", "zippy"}));
  EXPECT_EQ((*p)->note, "the SFT category's header");

  // Saving the same state again adds nothing; one more edit adds exactly its text.
  e.prompts[0].id = id;
  ASSERT_TRUE(save_edits(*s, e));
  EXPECT_EQ(Library(*s).prompt("header")->value().versions.size(), 3u);
  e.prompts[0].history.push_back(e.prompts[0].text);
  e.prompts[0].text = "[zippy]\n\n";
  e.prompts[0].tags = {"style"};
  ASSERT_TRUE(save_edits(*s, e));
  p = Library(*s).prompt("header");
  EXPECT_EQ(texts(**p), (std::vector<std::string>{"[", "[zip", "[zippy]\n", "[zippy]\n\n"}));
  EXPECT_EQ((*p)->tags, (std::vector<std::string>{"style"}));

  // An undo after the save: the GUI's history is shorter than the file's; the file keeps every
  // version and gains the text the prompt has again.
  e.prompts[0].history = {"[", "[zip"};
  e.prompts[0].text = "[zippy]\n";
  ASSERT_TRUE(save_edits(*s, e));
  p = Library(*s).prompt("header");
  EXPECT_EQ(texts(**p), (std::vector<std::string>{"[", "[zip", "[zippy]\n", "[zippy]\n\n", "[zippy]\n"}));

  // A failing save changes nothing: the second prompt is nameless.
  SessionEdits bad = e;
  bad.prompts[0].note = "changed";
  bad.prompts.push_back({-2, "", "x", {}, {}, {}});
  ASSERT_FALSE(save_edits(*s, bad));
  EXPECT_EQ(Library(*s).prompt("header")->value().note, "the SFT category's header");
}

TEST(StorePromptVersions, ResultsResolveAPromptToItsCurrentVersion) {
  testsupport::TempDir dir;
  auto s = SessionFile::create(dir / "p.cartograph");
  ASSERT_TRUE(s);
  Library library(*s);
  auto first = library.save_prompt("opener", "Once upon a time");
  ASSERT_TRUE(first);
  auto second = library.save_prompt("opener", "Once upon a time, far away");
  ASSERT_TRUE(second);
  auto current = current_prompt_version(*s, second->id);
  ASSERT_TRUE(current) << current.error().what();
  EXPECT_EQ(current->prompt_id, second->id);
  EXPECT_EQ(current->version_id, second->versions.back().id);
  EXPECT_EQ(current->text, "Once upon a time, far away");
  EXPECT_EQ(current->name, "opener");

  // A result keeps the version it was computed with, whatever the prompt says later.
  auto older = prompt_version(*s, first->versions.front().id);
  ASSERT_TRUE(older);
  EXPECT_EQ(older->text, "Once upon a time");
  auto found = find_prompt_version(*s, second->id, "Once upon a time");
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->version_id, first->versions.front().id);
  EXPECT_FALSE(find_prompt_version(*s, second->id, "never saved")->has_value());

  auto missing = current_prompt_version(*s, 999);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, core::ErrorCode::NotFound);
  EXPECT_NE(missing.error().message.find("999"), std::string::npos);
}

TEST(StorePromptVersions, TokenShiftsAreRecordedWithTheirPromptVersions) {
  testsupport::TempDir dir;
  const auto file = dir / "shift.cartograph";
  std::int64_t version = 0, prompt = 0;
  {
    auto s = SessionFile::create(file);
    ASSERT_TRUE(s);
    auto p = Library(*s).save_prompt("opener", "Once upon a time");
    ASSERT_TRUE(p);
    prompt = p->id;
    version = p->versions.back().id;
    ShiftRecord r;
    r.base_name = "base";
    r.base_path = "/maps/base";
    r.max_new_tokens = 3;
    ShiftMapRecord m{"sft", "/maps/sft", 3, 1, 1, 1, {}, {}};
    m.prompts.push_back({version, "opener", "Once upon a time", {5, 6, 7}, {" there", " was", "\xff"}, {1, 2, 9}});
    r.maps.push_back(m);
    m.name = "rl";
    m.prompts[0].prompt_version_id = 0;  // not a saved version
    r.maps.push_back(m);
    auto id = record_token_shift(*s, r);
    ASSERT_TRUE(id) << id.error().what();
    EXPECT_GT(*id, 0);
  }
  auto s = SessionFile::open(file);
  ASSERT_TRUE(s);
  auto all = token_shifts(*s);
  ASSERT_TRUE(all) << all.error().what();
  ASSERT_EQ(all->size(), 1u);
  const ShiftRecord& r = all->front();
  EXPECT_EQ(r.base_path, "/maps/base");
  EXPECT_EQ(r.max_new_tokens, 3);
  EXPECT_GT(r.created_ms, 0);
  ASSERT_EQ(r.maps.size(), 2u);
  EXPECT_EQ(r.maps[0].name, "sft");
  EXPECT_EQ(r.maps[0].shifted, 1);
  EXPECT_DOUBLE_EQ(r.maps[0].fraction(r.maps[0].unshifted), 1.0 / 3.0);
  ASSERT_EQ(r.maps[0].prompts.size(), 1u);
  EXPECT_EQ(r.maps[0].prompts[0].prompt_version_id, version);
  EXPECT_EQ(r.maps[0].prompts[0].generated, (std::vector<std::int32_t>{5, 6, 7}));
  EXPECT_EQ(r.maps[0].prompts[0].base_rank, (std::vector<std::int32_t>{1, 2, 9}));
  EXPECT_EQ(r.maps[0].prompts[0].tokens[1], " was");
  EXPECT_EQ(r.maps[1].prompts[0].prompt_version_id, 0);

  // Deleting the prompt leaves the result with its own copy of the text.
  ASSERT_TRUE(Library(*s).delete_prompt(prompt));
  all = token_shifts(*s);
  ASSERT_TRUE(all);
  EXPECT_EQ(all->front().maps[0].prompts[0].prompt_version_id, 0);
  EXPECT_EQ(all->front().maps[0].prompts[0].prompt_text, "Once upon a time");
}

TEST(StorePromptVersions, AVersionTwoSessionIsUpgradedAndKeepsItsPrompts) {
  testsupport::TempDir dir;
  const auto file = dir / "v2.cartograph";
  {
    // A session at schema 2, as the previous release wrote it.
    auto s = SessionFile::create(file);
    ASSERT_TRUE(s);
  }
  storetest::undo_schema_twelve(file);
  storetest::raw_exec(file,
                      "DROP TABLE run_histograms;"  // schema 11
                      "DROP TABLE document_parts;"  // schema 10
                      "ALTER TABLE annotations DROP COLUMN text_end; ALTER TABLE annotations DROP COLUMN text_start;"
                      "DROP TABLE token_shift_shards;"  // schema 9 (its columns go with their tables below)
                      "ALTER TABLE checkpoints DROP COLUMN parent_id;"  // schema 8
                      "DROP TABLE run_shards;"  // schema 7
                      "DROP TABLE territory_warnings;"  // schema 6
                      "DROP TABLE sample_columns; DROP TABLE sample_sets;"  // schema 5
                      "DROP TABLE zoom_tracks; DROP TABLE zoom_rows; DROP TABLE zoom_prompts; DROP TABLE zoom_runs;"  // 4
                      "DROP TABLE token_shift_prompts; DROP TABLE token_shift_maps; DROP TABLE token_shifts;"
                      "ALTER TABLE prompts DROP COLUMN tags_json; ALTER TABLE prompts DROP COLUMN note;"
                      "INSERT INTO prompts (id, name, created_ms) VALUES (7, 'opener', 1);"
                      "INSERT INTO prompt_versions (prompt_id, text, created_ms) VALUES (7, 'Once', 1), (7, 'Once upon', 2);"
                      "PRAGMA user_version = 2;");
  auto s = SessionFile::open(file);
  ASSERT_TRUE(s) << s.error().what();
  EXPECT_EQ(s->schema_version(), current_schema_version());
  EXPECT_GE(current_schema_version(), 3);
  auto p = Library(*s).prompt("opener");
  ASSERT_TRUE(p && *p) << (p ? "" : p.error().what());
  EXPECT_EQ(texts(**p), (std::vector<std::string>{"Once", "Once upon"}));
  EXPECT_TRUE((*p)->tags.empty());
  EXPECT_EQ((*p)->note, "");
  EXPECT_TRUE(token_shifts(*s)->empty());
}
