// Sample sets in the session (schema 5): saved whole, reopened exactly as they were (no
// recomputation), listed newest first, removed with their columns; a read-only session refuses.
#include <gtest/gtest.h>

#include "core/store/sample_store.h"
#include "core/store/session_file.h"
#include "tests/support/test_support.h"

using namespace core::store;
using core::analysis::ColumnKind;
using core::analysis::SampleColumn;
using core::analysis::SampleSet;

namespace {

SampleSet two_columns(const std::string& prompt) {
  SampleSet set;
  set.settings.prompt = prompt;
  set.settings.zoom_prompt = "[poem]\n";
  set.settings.temperature = 0.7;
  set.settings.top_p = 0.95;
  set.settings.seed = 123456789012345ull;
  set.settings.max_new_tokens = 3;
  set.settings.amplified_tuned = 0;
  set.settings.amplification = -0.5;
  set.prompt_ids = {1, 40, 41};
  set.zoom_ids = {1, 90, 91, 40, 41};
  set.steps = 3;
  set.decode_seconds = 0.25;
  set.score_seconds = 0.125;
  SampleColumn a{ColumnKind::Base, "base", {5, 6, 2}, {"é", "\n", "</s>"}, "é\n", "stop_token",
                 {{-0.5f, -1.25f, -3.0f}, {-0.75f, -2.5f, -1e-7f}}};
  SampleColumn b{ColumnKind::Amplified, "×-0.5 sft", {7, 8}, {" a", "b"}, " ab", "max_new_tokens",
                 {{-9.5f, -0.0625f}, {-1.0f, -2.0f}}};
  set.columns = {a, b};
  return set;
}

}  // namespace

TEST(SampleStore, ASavedSetReopensExactlyAsItWas) {
  testsupport::TempDir dir;
  const auto file = dir / "samples.cartograph";
  const SampleSet original = two_columns("Roses are");
  std::int64_t id = 0;
  {
    auto s = SessionFile::create(file);
    ASSERT_TRUE(s) << s.error().message;
    auto saved = SampleStore(*s).save(original);
    ASSERT_TRUE(saved) << saved.error().message;
    id = *saved;
  }
  auto s = SessionFile::open(file, OpenMode::ReadOnly);
  ASSERT_TRUE(s) << s.error().message;
  auto back = SampleStore(*s).load(id);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->settings.prompt, "Roses are");
  EXPECT_EQ(back->settings.zoom_prompt, "[poem]\n");
  EXPECT_EQ(back->settings.temperature, 0.7);
  EXPECT_EQ(back->settings.top_p, 0.95);
  EXPECT_EQ(back->settings.seed, 123456789012345ull);
  EXPECT_EQ(back->settings.max_new_tokens, 3);
  EXPECT_EQ(back->settings.amplified_tuned, 0);
  EXPECT_EQ(back->settings.amplification, -0.5);
  EXPECT_EQ(back->prompt_ids, original.prompt_ids);
  EXPECT_EQ(back->zoom_ids, original.zoom_ids);
  EXPECT_EQ(back->steps, 3);
  EXPECT_EQ(back->decode_seconds, 0.25);
  ASSERT_EQ(back->columns.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    const auto &x = back->columns[i], &y = original.columns[i];
    EXPECT_EQ(x.kind, y.kind);
    EXPECT_EQ(x.label, y.label);
    EXPECT_EQ(x.ids, y.ids);
    EXPECT_EQ(x.pieces, y.pieces);
    EXPECT_EQ(x.text, y.text);
    EXPECT_EQ(x.stop_reason, y.stop_reason);
    EXPECT_EQ(x.logp, y.logp);  // float32 kept bit for bit
  }
}

TEST(SampleStore, ListsNewestFirstAndRemovesWithColumns) {
  testsupport::TempDir dir;
  auto s = SessionFile::create(dir / "list.cartograph");
  ASSERT_TRUE(s);
  SampleStore store(*s);
  const auto first = store.save(two_columns("one")), second = store.save(two_columns("two"));
  ASSERT_TRUE(first && second);
  auto list = store.list();
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].prompt, "two");
  EXPECT_EQ((*list)[0].labels, (std::vector<std::string>{"base", "×-0.5 sft"}));
  ASSERT_TRUE(store.remove(*second));
  EXPECT_EQ(store.load(*second).error().code, core::ErrorCode::NotFound);
  EXPECT_EQ(store.list()->size(), 1u);
  EXPECT_TRUE(store.load(*first));
}

TEST(SampleStore, InconsistentSetsAndReadOnlySessionsAreRefused) {
  testsupport::TempDir dir;
  const auto file = dir / "ro.cartograph";
  {
    auto s = SessionFile::create(file);
    ASSERT_TRUE(s);
    SampleSet bad = two_columns("x");
    bad.columns[1].logp[0].pop_back();
    auto r = SampleStore(*s).save(bad);
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("×-0.5 sft"), std::string::npos) << r.error().message;
    EXPECT_TRUE(SampleStore(*s).list()->empty());
  }
  auto s = SessionFile::open(file, OpenMode::ReadOnly);
  ASSERT_TRUE(s);
  auto r = SampleStore(*s).save(two_columns("x"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::ReadOnly);
}
