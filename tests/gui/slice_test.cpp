// Slices: every kind evaluated against a naive reference, stored definitions that read back exactly,
// and errors a user can act on.
#include <gtest/gtest.h>

#include <QRegularExpression>
#include <cmath>

#include "tests/gui/run_fixture.h"
#include "widgets/territory/documentfilter.h"
#include "widgets/territory/documentorder.h"
#include "core/analysis/digest.h"
#include "widgets/overview/slice.h"

using widgets::SliceDefinition;

namespace {

std::int64_t countWhere(const core::analysis::RunResult& run, const std::function<bool(int, int)>& keep) {
  std::int64_t n = 0;
  for (std::size_t d = 0; d < run.documents.size(); ++d)
    for (std::size_t p = 0; p < run.documents[d].scored(); ++p) n += keep(int(d), int(p));
  return n;
}

}  // namespace

TEST(Slice, ThresholdKeepsExactlyThePositionsAboveIt) {
  const auto run = fixture::makeRun();
  SliceDefinition d;
  d.metric = widgets::Metric::DeltaLogp;
  d.map = "sft-dialog";
  d.comparison = SliceDefinition::Comparison::Below;
  d.value = -0.5;
  const auto set = core::analysis::evaluate_slice(*run, d);
  ASSERT_TRUE(set.has_value()) << set.error().what();
  auto keep = [&](int doc, int p) {
    const auto& m = run->documents[std::size_t(doc)].maps;
    return m[1].logp[std::size_t(p)] - m[0].logp[std::size_t(p)] < -0.5f;
  };
  EXPECT_EQ(set->count, countWhere(*run, keep));
  for (std::size_t doc = 0; doc < run->documents.size(); ++doc)
    for (std::size_t p = 0; p < run->documents[doc].scored(); ++p)
      ASSERT_EQ(set->contains(int(doc), int(p)), keep(int(doc), int(p))) << doc << ":" << p;
}

TEST(Slice, RankThresholdsCompareRanksNotLogarithms) {
  const auto run = fixture::makeRun();
  SliceDefinition d;
  d.metric = widgets::Metric::Rank;
  d.map = "stories260K";
  d.value = 10;
  const auto set = core::analysis::evaluate_slice(*run, d);
  ASSERT_TRUE(set.has_value());
  EXPECT_EQ(set->count, countWhere(*run, [&](int doc, int p) { return run->documents[std::size_t(doc)].maps[0].rank[std::size_t(p)] > 10; }));
  EXPECT_GT(set->count, 0);
}

TEST(Slice, MetadataKeepsWholeDocuments) {
  const auto run = fixture::makeRun();
  SliceDefinition d;
  d.kind = SliceDefinition::Kind::Metadata;
  d.field = "genre";
  d.values = {"dialog", "news"};
  const auto set = core::analysis::evaluate_slice(*run, d);
  ASSERT_TRUE(set.has_value());
  for (std::size_t doc = 0; doc < run->documents.size(); ++doc) {
    const std::string genre = run->documents[doc].metadata.at("genre");
    const bool in = genre == "dialog" || genre == "news";
    EXPECT_EQ(set->contains_whole_document(int(doc)), in) << doc;
    EXPECT_EQ(set->contains_document(int(doc)), in) << doc;
  }
}

TEST(Slice, RegexKeepsEveryTokenOverlappingAMatch) {
  // A hand-made document: tokens " the", " cat", " sat" → text " the cat sat".
  auto run = std::make_shared<core::analysis::RunResult>();
  run->token_texts = {"<s>", " the", " cat", " sat"};
  core::analysis::DocumentResult doc;
  doc.tokens = {0, 1, 2, 3};
  run->documents.push_back(doc);
  SliceDefinition d;
  d.kind = SliceDefinition::Kind::Regex;
  d.pattern = "e c";  // spans the end of " the" and the start of " cat"
  auto set = core::analysis::evaluate_slice(*run, d);
  ASSERT_TRUE(set.has_value());
  EXPECT_TRUE(set->contains(0, 0));
  EXPECT_TRUE(set->contains(0, 1));
  EXPECT_FALSE(set->contains(0, 2));
  d.pattern = "SAT";
  set = core::analysis::evaluate_slice(*run, d);
  EXPECT_EQ(set->count, 1) << "case-insensitive unless asked";
  d.case_sensitive = true;
  set = core::analysis::evaluate_slice(*run, d);
  EXPECT_EQ(set->count, 0);
}

// The reference is the GUI's evaluation before slices moved to core: QRegularExpression over the
// document's UTF-16 text. Core matches UTF-8 bytes with PCRE2; the kept tokens must be the same.
TEST(Slice, RegexKeepsTheTokensQRegularExpressionKeptOnUtf16Text) {
  auto run = std::make_shared<core::analysis::RunResult>();
  run->token_texts = {"<s>", "caf", "é", " na", "ïve", " 東", "京", " CAFÉ", " said", "\n", "Über"};
  core::analysis::DocumentResult doc;
  doc.tokens = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 2, 6};
  run->documents.push_back(doc);
  for (const bool caseSensitive : {false, true})
    for (const char* pattern : {"é", "café", "\\w+", "東京", ".", "É", "\\bsaid\\b", "^über", "(?m)^Ü", "\\s", "é京$"}) {
      widgets::SliceDefinition d;
      d.kind = widgets::SliceDefinition::Kind::Regex;
      d.pattern = pattern;
      d.case_sensitive = caseSensitive;
      const auto set = core::analysis::evaluate_slice(*run, d);
      ASSERT_TRUE(set.has_value()) << pattern;
      QString text;
      std::vector<int> offsets;
      for (std::size_t p = 1; p < doc.tokens.size(); ++p) {
        offsets.push_back(int(text.size()));
        text += QString::fromStdString(run->token_texts[std::size_t(doc.tokens[p])]);
      }
      offsets.push_back(int(text.size()));
      std::vector<std::uint8_t> expected(doc.tokens.size() - 1, 0);
      const QRegularExpression re(QString::fromUtf8(pattern), caseSensitive ? QRegularExpression::NoPatternOption
                                                                             : QRegularExpression::CaseInsensitiveOption);
      ASSERT_TRUE(re.isValid()) << pattern;
      for (auto it = re.globalMatch(text); it.hasNext();) {
        const auto m = it.next();
        if (m.capturedLength() == 0) continue;
        for (std::size_t t = 0; t + 1 < offsets.size(); ++t)
          if (offsets[t] < m.capturedEnd() && offsets[t + 1] > m.capturedStart()) expected[t] = 1;
      }
      EXPECT_EQ(set->flags[0], expected) << "/" << pattern << "/" << (caseSensitive ? "" : "i");
    }
}

TEST(Slice, LassoKeepsTheProjectedPointsInsideThePolygon) {
  const auto run = fixture::makeRun();
  SliceDefinition d;
  d.kind = SliceDefinition::Kind::Lasso;
  d.polygon = {{-1, -1}, {1, -1}, {1, 1}, {-1, 1}};
  const auto set = core::analysis::evaluate_slice(*run, d);
  ASSERT_TRUE(set.has_value());
  std::int64_t inside = 0;
  for (const auto& p : run->projection.points)
    if (std::fabs(p.x) < 1 && std::fabs(p.y) < 1) {
      ++inside;
      EXPECT_TRUE(set->contains(p.document, p.position));
    }
  EXPECT_EQ(set->count, inside);
  EXPECT_GT(inside, 0);
}

TEST(Slice, DefinitionsReadBackFromTheirJson) {
  SliceDefinition t;
  t.metric = widgets::Metric::JensenShannon;
  t.map = "rl";
  t.map_index = 2;
  t.comparison = SliceDefinition::Comparison::Below;
  t.value = 0.125;
  SliceDefinition m;
  m.kind = SliceDefinition::Kind::Metadata;
  m.field = "genre";
  m.values = {"a", "b"};
  SliceDefinition r;
  r.kind = SliceDefinition::Kind::Regex;
  r.pattern = "\\bsaid\\b";
  r.case_sensitive = true;
  SliceDefinition l;
  l.kind = SliceDefinition::Kind::Lasso;
  l.polygon = {{0, 0}, {1.5, 0}, {0, 2.25}};
  for (const SliceDefinition& d : {t, m, r, l}) {
    // Through text, as the store keeps it.
    const std::string text = d.to_json();
    const auto back = SliceDefinition::from_json(text);
    ASSERT_TRUE(back.has_value()) << text;
    EXPECT_EQ(*back, d) << text;
    EXPECT_FALSE(widgets::describeSlice(*back).isEmpty());
  }
  const auto bad = SliceDefinition::from_json(R"({"kind":"wormhole"})");
  ASSERT_FALSE(bad.has_value());
  EXPECT_NE(bad.error().message.find("wormhole"), std::string::npos);
}

TEST(Slice, AnInvalidRegexOrAMissingMapIsAnErrorThatSaysWhich) {
  const auto run = fixture::makeRun();
  SliceDefinition r;
  r.kind = SliceDefinition::Kind::Regex;
  r.pattern = "(unclosed";
  const auto a = core::analysis::evaluate_slice(*run, r);
  ASSERT_FALSE(a.has_value());
  EXPECT_NE(a.error().message.find("(unclosed"), std::string::npos);
  SliceDefinition t;
  t.map = "no-such-map";
  const auto b = core::analysis::evaluate_slice(*run, t);
  ASSERT_FALSE(b.has_value());
  EXPECT_NE(b.error().message.find("no-such-map"), std::string::npos);
}

TEST(RunDigest, RecomputedSummariesMatchTheEnginesOverEveryPosition) {
  // Summaries recomputed from the arrays (as for a slice) against the fixture's naive sums.
  const auto run = fixture::makeRun();
  const core::analysis::QuadrantThresholds q;
  const auto all = core::analysis::summarize_positions(*run, nullptr, q).value();
  for (int m = 0; m < int(run->maps.size()); ++m) {
    const auto& s = all[std::size_t(m)];
    const auto& e = run->summaries[std::size_t(m)];
    EXPECT_EQ(s.tokens, e.tokens);
    EXPECT_NEAR(s.nll_mean, e.nll_mean, 1e-9);
    EXPECT_NEAR(s.delta_nll, e.delta_nll, 1e-9);
    EXPECT_NEAR(s.kl_bt_mean, e.kl_bt_mean, 1e-9);
    EXPECT_NEAR(s.kl_tb_mean, e.kl_tb_mean, 1e-9);
    EXPECT_NEAR(s.entropy_mean, e.entropy_mean, 1e-9);
    EXPECT_NEAR(s.delta_entropy, e.delta_entropy, 1e-9);
    EXPECT_NEAR(s.ece, e.ece, 1e-9);
    EXPECT_NEAR(s.brier, e.brier, 1e-6);
    EXPECT_NEAR(s.top1_accuracy, e.top1_accuracy, 1e-12);
    EXPECT_NEAR(s.bits_per_byte, e.bits_per_byte, 1e-9);
    EXPECT_EQ(s.quadrants.known, e.quadrants.known);
    EXPECT_EQ(s.quadrants.misdrawn, e.quadrants.misdrawn);
    // The fixture takes the best grid point; the refined optimum lies within one grid step of it.
    const double step = core::analysis::temperature_grid_beta(1) / core::analysis::temperature_grid_beta(0);
    EXPECT_GE(s.temperature, e.temperature / step * (1 - 1e-9));
    EXPECT_LE(s.temperature, e.temperature * step * (1 + 1e-9));
  }
}

TEST(RunDigest, WholeDocumentSlicesKeepBitsPerByteAndTemperatureCutOnesDoNot) {
  const auto run = fixture::makeRun();
  SliceDefinition byGenre;
  byGenre.kind = SliceDefinition::Kind::Metadata;
  byGenre.field = "genre";
  byGenre.values = {"story"};
  const auto whole = core::analysis::evaluate_slice(*run, byGenre);
  ASSERT_TRUE(whole.has_value());
  const auto s = core::analysis::summarize_positions(*run, &*whole, {}).value();
  double nll = 0, bytes = 0;
  for (const auto& d : run->documents)
    if (d.metadata.at("genre") == "story") {
      for (float lp : d.maps[1].logp) nll -= lp;
      bytes += double(d.byte_length);
    }
  EXPECT_NEAR(s[1].bits_per_byte, nll / std::log(2.0) / bytes, 1e-9);
  EXPECT_TRUE(std::isfinite(s[1].temperature));

  SliceDefinition cut;
  cut.metric = widgets::Metric::Entropy;
  cut.map = "stories260K";
  cut.value = 3.0;
  const auto partial = core::analysis::evaluate_slice(*run, cut);
  ASSERT_TRUE(partial.has_value());
  const auto p = core::analysis::summarize_positions(*run, &*partial, {}).value();
  EXPECT_EQ(p[1].tokens, partial->count);
  EXPECT_TRUE(std::isnan(p[1].bits_per_byte)) << "bytes of part of a document are not defined";
  EXPECT_TRUE(std::isnan(p[1].temperature)) << "temperature statistics are kept per document";
}

TEST(RunDigest, HistogramsCountEveryKeptPositionOnce) {
  const auto run = fixture::makeRun();
  auto digest = core::analysis::digest_run(run, nullptr, {}, core::Job::silent());
  ASSERT_TRUE(digest.has_value());
  std::int64_t scored = 0;
  for (const auto& d : run->documents) scored += std::int64_t(d.scored());
  EXPECT_EQ((*digest)->entropy[0].total(), scored);
  EXPECT_EQ((*digest)->delta_nll[2].total(), scored);
  EXPECT_EQ((*digest)->kl_base_tuned[1].total(), scored);
  EXPECT_TRUE((*digest)->delta_nll[0].counts.empty()) << "no Δ of the base against itself";
}

TEST(DocumentFilter, NamesSortInNaturalOrder) {
  EXPECT_TRUE(widgets::naturalLess(QStringLiteral("doc-2"), QStringLiteral("doc-10")));
  EXPECT_FALSE(widgets::naturalLess(QStringLiteral("doc-10"), QStringLiteral("doc-2")));
  EXPECT_TRUE(widgets::naturalLess(QStringLiteral("Doc-1"), QStringLiteral("doc-1b")));
  EXPECT_TRUE(widgets::naturalLess(QStringLiteral("a007"), QStringLiteral("a8")));
  EXPECT_FALSE(widgets::naturalLess(QStringLiteral("same"), QStringLiteral("SAME")));
  EXPECT_TRUE(widgets::naturalLess(QStringLiteral("x99999999999999999999"), QStringLiteral("x100000000000000000000")))
      << "digit runs longer than any integer type";
}
