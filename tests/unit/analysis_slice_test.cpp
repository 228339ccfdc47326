// Slices and digests in core, without Qt: the session's slice JSON as the GUI has always written it,
// regex slices over non-ASCII text (byte offsets, caseless matching), lassos, histograms and
// per-metadata sums in closed form.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "core/analysis/digest.h"
#include "core/analysis/slice.h"

namespace {

using core::analysis::PositionMetric;
using core::analysis::SliceDefinition;

// A run of one document whose scored tokens are `texts` (token 0 is BOS).
std::shared_ptr<core::analysis::RunResult> textRun(const std::vector<std::string>& texts) {
  auto run = std::make_shared<core::analysis::RunResult>();
  run->token_texts = {"<s>"};
  core::analysis::DocumentResult doc;
  doc.tokens = {0};
  for (const std::string& t : texts) {
    doc.tokens.push_back(std::int32_t(run->token_texts.size()));
    run->token_texts.push_back(t);
  }
  run->documents.push_back(doc);
  return run;
}

std::vector<int> keptPositions(const core::analysis::PositionSet& set) {
  std::vector<int> out;
  for (std::size_t p = 0; p < set.flags[0].size(); ++p)
    if (set.flags[0][p]) out.push_back(int(p));
  return out;
}

std::vector<int> regex(const core::analysis::RunResult& run, const std::string& pattern, bool case_sensitive = false) {
  SliceDefinition d;
  d.kind = SliceDefinition::Kind::Regex;
  d.pattern = pattern;
  d.case_sensitive = case_sensitive;
  const auto set = core::analysis::evaluate_slice(run, d);
  EXPECT_TRUE(set.has_value()) << pattern;
  return set ? keptPositions(*set) : std::vector<int>{};
}

}  // namespace

// Copied from what the GUI's QJsonDocument(SliceDefinition::toJson()).toJson(Compact) produced before
// slices moved to core: sessions saved then must open, and saving them again must not change them.
TEST(SliceJson, SlicesSavedByEarlierGuiVersionsReadBackAndWriteTheSameText) {
  const std::string saved[] = {
      R"({"kind":"threshold","map":"sft","map_index":1,"metric":"kl_bt","op":">","value":0.5})",
      R"({"kind":"threshold","map":"","map_index":2,"metric":"rank","op":"<","value":10})",
      R"({"field":"category","kind":"metadata","values":["zippy","work"]})",
      R"({"case_sensitive":false,"kind":"regex","pattern":"\\bsaid\\b"})",
      R"({"case_sensitive":true,"kind":"regex","pattern":"café|東京"})",
      R"({"kind":"lasso","polygon":[[0,0],[1.5,0],[0,2.25]]})",
  };
  for (const std::string& text : saved) {
    const auto d = SliceDefinition::from_json(text);
    ASSERT_TRUE(d.has_value()) << text << ": " << d.error().what();
    EXPECT_EQ(d->to_json(), text);
  }
  const auto t = SliceDefinition::from_json(saved[0]);
  EXPECT_EQ(t->kind, SliceDefinition::Kind::Threshold);
  EXPECT_EQ(t->metric, PositionMetric::KlBaseTuned);
  EXPECT_EQ(t->map, "sft");
  EXPECT_EQ(t->comparison, SliceDefinition::Comparison::Above);
  EXPECT_DOUBLE_EQ(t->value, 0.5);
  const auto r = SliceDefinition::from_json(saved[1]);
  EXPECT_EQ(r->metric, PositionMetric::Rank);
  EXPECT_EQ(r->map_index, 2);
  EXPECT_EQ(r->comparison, SliceDefinition::Comparison::Below);
  const auto m = SliceDefinition::from_json(saved[2]);
  EXPECT_EQ(m->values, (std::vector<std::string>{"zippy", "work"}));
  const auto x = SliceDefinition::from_json(saved[3]);
  EXPECT_EQ(x->pattern, "\\bsaid\\b");
  EXPECT_FALSE(x->case_sensitive);
  const auto l = SliceDefinition::from_json(saved[5]);
  ASSERT_EQ(l->polygon.size(), 3u);
  EXPECT_DOUBLE_EQ(l->polygon[2].y, 2.25);
}

TEST(SliceJson, EveryKindRoundTripsAndBadTextSaysWhatIsWrong) {
  SliceDefinition t;
  t.metric = PositionMetric::JensenShannon;
  t.map = "rl";
  t.map_index = 2;
  t.value = 0.125;
  SliceDefinition l;
  l.kind = SliceDefinition::Kind::Lasso;
  l.polygon = {{-0.1, 1e-7}, {3.25, 0}, {0, -2}};
  for (const SliceDefinition& d : {t, l}) {
    const auto back = SliceDefinition::from_json(d.to_json());
    ASSERT_TRUE(back.has_value()) << d.to_json();
    EXPECT_EQ(*back, d) << d.to_json();
  }
  const auto unknown = SliceDefinition::from_json(R"({"kind":"wormhole"})");
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().message.find("wormhole"), std::string::npos);
  const auto no_metric = SliceDefinition::from_json(R"({"kind":"threshold","metric":"warp","value":1})");
  ASSERT_FALSE(no_metric);
  EXPECT_NE(no_metric.error().message.find("metric"), std::string::npos);
  EXPECT_FALSE(SliceDefinition::from_json("not json"));
  EXPECT_FALSE(SliceDefinition::from_json(R"({"kind":"lasso","polygon":[[0,0],[1,1]]})"));
}

TEST(RegexSlice, MatchesNonAsciiTextOnTheTokensThatHoldIt) {
  // "café naïve 東京": multi-byte characters inside tokens and a match across a token boundary.
  const auto run = textRun({"caf", "é", " na", "ïve", " 東", "京"});
  EXPECT_EQ(regex(*run, "é"), (std::vector<int>{1}));
  EXPECT_EQ(regex(*run, "café"), (std::vector<int>{0, 1}));
  EXPECT_EQ(regex(*run, "ïv"), (std::vector<int>{3}));
  EXPECT_EQ(regex(*run, "東京"), (std::vector<int>{4, 5}));
  EXPECT_EQ(regex(*run, "e 東"), (std::vector<int>{3, 4}));
  EXPECT_EQ(regex(*run, "^京"), (std::vector<int>{})) << "anchors see the whole document, not a token";
  EXPECT_EQ(regex(*run, "京$"), (std::vector<int>{5}));
  EXPECT_EQ(regex(*run, "\\S+$"), (std::vector<int>{4, 5})) << "\" 東\" holds the space and 東";
  // One character, not one byte: "." over "é" is a single match covering only token 1.
  EXPECT_EQ(regex(*run, "f.\\s"), (std::vector<int>{0, 1, 2}));
  const auto text = core::analysis::document_text(*run, run->documents[0]);
  EXPECT_EQ(text.text, "café naïve 東京");
  EXPECT_EQ(text.offsets, (std::vector<std::size_t>{0, 3, 5, 8, 12, 16, 19}));
}

TEST(RegexSlice, IsCaselessUnlessAskedAlsoBeyondAscii) {
  const auto run = textRun({"CAF", "É", " na", "ïve", " the", " Sat"});
  EXPECT_EQ(regex(*run, "café"), (std::vector<int>{0, 1}));
  EXPECT_EQ(regex(*run, "NAÏVE"), (std::vector<int>{2, 3}));
  EXPECT_EQ(regex(*run, "sat"), (std::vector<int>{5}));
  EXPECT_EQ(regex(*run, "sat", true), (std::vector<int>{}));
  EXPECT_EQ(regex(*run, "café", true), (std::vector<int>{}));
  EXPECT_EQ(regex(*run, "CAFÉ", true), (std::vector<int>{0, 1}));
}

TEST(RegexSlice, EmptyMatchesKeepNothingAndInvalidPatternsSayWhere) {
  const auto run = textRun({" a", "b", "b"});
  EXPECT_EQ(regex(*run, "x*"), (std::vector<int>{}));
  EXPECT_EQ(regex(*run, "b*"), (std::vector<int>{1, 2}));
  SliceDefinition d;
  d.kind = SliceDefinition::Kind::Regex;
  d.pattern = "(unclosed";
  const auto bad = core::analysis::evaluate_slice(*run, d);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("(unclosed"), std::string::npos);
  EXPECT_NE(bad.error().detail.find("offset"), std::string::npos);
  EXPECT_FALSE(core::analysis::check_pattern(d));
}

TEST(RegexSlice, InvalidUtf8InATokenNeverMatchesButTheRestDoes) {
  const auto run = textRun({"ok", "\xE6", " fine"});
  EXPECT_EQ(regex(*run, "fine"), (std::vector<int>{2}));
  EXPECT_EQ(regex(*run, "k.\\s"), (std::vector<int>{}));
}

TEST(LassoSlice, KeepsTheProjectedPointsInsideByTheEvenOddRule) {
  // A square with a square hole drawn as one closed path: the hole is outside by even-odd.
  const std::vector<core::analysis::SlicePoint> ring = {{0, 0}, {4, 0}, {4, 4}, {0, 4}, {0, 0},
                                                        {1, 1}, {3, 1}, {3, 3}, {1, 3}, {1, 1}};
  EXPECT_TRUE(core::analysis::polygon_contains(ring, 0.5, 0.5));
  EXPECT_FALSE(core::analysis::polygon_contains(ring, 2, 2));
  EXPECT_FALSE(core::analysis::polygon_contains(ring, 5, 2));
  auto run = textRun({"a", "b", "c"});
  run->projection.points = {{0, 0, 0.5f, 0.5f}, {0, 1, 2.f, 2.f}, {0, 2, 3.5f, 3.5f}};
  SliceDefinition d;
  d.kind = SliceDefinition::Kind::Lasso;
  d.polygon = ring;
  const auto set = core::analysis::evaluate_slice(*run, d);
  ASSERT_TRUE(set);
  EXPECT_EQ(keptPositions(*set), (std::vector<int>{0, 2}));
  EXPECT_EQ(set->count, 2);
}

TEST(Histogram, BinsEqualWidthsAndPutsOutliersInTheEdgeBins) {
  auto h = core::analysis::Histogram::empty(0, 4, 4);
  for (double v : {0.0, 0.5, 1.0, 3.99, 4.0, -1.0, 2.5, std::numeric_limits<double>::quiet_NaN(),
                   std::numeric_limits<double>::infinity()})
    h.add(v);
  EXPECT_EQ(h.counts, (std::vector<std::int64_t>{3, 1, 1, 2}));
  EXPECT_EQ(h.total(), 7);
  EXPECT_EQ(core::analysis::Histogram::empty(2, 2, 3).hi, 3) << "an empty range becomes one unit wide";
}

TEST(RunDigest, SumsAndGroupsByMetadataInClosedForm) {
  // Two maps, three documents of two scored positions; every value chosen so the sums are exact.
  auto run = std::make_shared<core::analysis::RunResult>();
  run->maps.resize(2);
  run->maps[0].role = core::analysis::MapRole::Base;
  run->summaries.resize(2);  // present: the digest of every position reuses them
  const char* genre[] = {"story", "news", "story"};
  for (int d = 0; d < 3; ++d) {
    core::analysis::DocumentResult doc;
    doc.tokens = {0, 1, 2};
    doc.metadata["genre"] = genre[d];
    doc.maps.resize(2);
    for (int m = 0; m < 2; ++m) {
      auto& t = doc.maps[std::size_t(m)];
      t.logp = {-1.0f * float(m + 1), -0.5f};  // base: -1, -0.5; tuned: -2, -0.5
      t.entropy = {1.0f, 2.0f};
      t.rank = {1, m == 0 ? 1 : 3};
      t.confidence = {0.5f, 0.5f};
      t.sum_p2 = {0.25f, 0.25f};
      if (m == 1) {
        t.kl_bt = {0.25f, 0.75f};
        t.kl_tb = {0.5f, 0.5f};
        t.js = {0.1f, 0.1f};
      }
    }
    run->documents.push_back(doc);
  }
  auto all = core::analysis::digest_run(run, nullptr, {}, core::Job::silent());
  ASSERT_TRUE(all) << all.error().what();
  const auto& g = **all;
  const auto& s = g.documents[1][1];
  EXPECT_EQ(s.tokens, 2);
  EXPECT_DOUBLE_EQ(s.nll, 2.5);
  EXPECT_DOUBLE_EQ(s.entropy, 3.0);
  EXPECT_DOUBLE_EQ(s.kl_bt, 1.0);
  EXPECT_DOUBLE_EQ(s.kl_tb, 1.0);
  EXPECT_DOUBLE_EQ(s.top1, 1.0);
  EXPECT_EQ(g.entropy[0].total(), 6);
  EXPECT_EQ(g.delta_nll[1].total(), 6);
  EXPECT_EQ(g.kl_base_tuned[1].total(), 6);
  EXPECT_TRUE(g.delta_nll[0].counts.empty());
  ASSERT_EQ(g.metadata.size(), 1u);
  EXPECT_EQ(g.metadata[0].field, "genre");
  ASSERT_EQ(g.metadata[0].groups.size(), 2u);
  const auto& story = g.metadata[0].groups[0];  // the larger group first
  EXPECT_EQ(story.value, "story");
  EXPECT_EQ(story.maps[1].tokens, 4);
  using core::analysis::GroupStatistic;
  EXPECT_DOUBLE_EQ(core::analysis::group_statistic(story, 1, GroupStatistic::MeanNll), 5.0 / 4);
  EXPECT_DOUBLE_EQ(core::analysis::group_statistic(story, 1, GroupStatistic::MeanDeltaNll), (5.0 - 3.0) / 4);
  EXPECT_DOUBLE_EQ(core::analysis::group_statistic(story, 1, GroupStatistic::MeanKlBaseTuned), 0.5);
  EXPECT_DOUBLE_EQ(core::analysis::group_statistic(story, 1, GroupStatistic::Top1Percent), 50.0);

  // Restricted to the first position of every document: only those are summed and binned.
  auto first = std::make_shared<core::analysis::PositionSet>(core::analysis::PositionSet::sized(*run));
  for (auto& f : first->flags) f[0] = 1;
  first->count = 3;
  const auto one = core::analysis::group_by_metadata(*run, g.documents, "missing");
  ASSERT_EQ(one.groups.size(), 1u);
  EXPECT_EQ(one.groups[0].value, "(none)");
  EXPECT_EQ(one.groups[0].maps[0].tokens, 6);
  auto cut = core::analysis::digest_run(run, first, {}, core::Job::silent());
  ASSERT_TRUE(cut) << cut.error().what();
  EXPECT_EQ((*cut)->documents[2][1].tokens, 1);
  EXPECT_DOUBLE_EQ((*cut)->documents[2][1].nll, 2.0);
  EXPECT_EQ((*cut)->entropy[1].total(), 3);
  EXPECT_EQ((*cut)->metadata[0].groups[0].maps[1].tokens, 2);
  EXPECT_EQ((*cut)->summaries[1].tokens, 3) << "a slice is summarised over its positions";
  EXPECT_TRUE(std::isnan((*cut)->summaries[1].bits_per_byte)) << "documents cut by the slice have no byte count";
}
