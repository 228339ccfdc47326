// Slices: every kind evaluated against a naive reference, stored definitions that read back exactly,
// and errors a user can act on.
#include <gtest/gtest.h>

#include <QJsonDocument>
#include <cmath>

#include "tests/gui/run_fixture.h"
#include "widgets/territory/documentfilter.h"
#include "widgets/overview/rundigest.h"
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
  d.map = QStringLiteral("sft-dialog");
  d.comparison = SliceDefinition::Comparison::Below;
  d.value = -0.5;
  const auto set = widgets::evaluateSlice(*run, d);
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
  d.map = QStringLiteral("stories260K");
  d.value = 10;
  const auto set = widgets::evaluateSlice(*run, d);
  ASSERT_TRUE(set.has_value());
  EXPECT_EQ(set->count, countWhere(*run, [&](int doc, int p) { return run->documents[std::size_t(doc)].maps[0].rank[std::size_t(p)] > 10; }));
  EXPECT_GT(set->count, 0);
}

TEST(Slice, MetadataKeepsWholeDocuments) {
  const auto run = fixture::makeRun();
  SliceDefinition d;
  d.kind = SliceDefinition::Kind::Metadata;
  d.field = QStringLiteral("genre");
  d.values = {QStringLiteral("dialog"), QStringLiteral("news")};
  const auto set = widgets::evaluateSlice(*run, d);
  ASSERT_TRUE(set.has_value());
  for (std::size_t doc = 0; doc < run->documents.size(); ++doc) {
    const std::string genre = run->documents[doc].metadata.at("genre");
    const bool in = genre == "dialog" || genre == "news";
    EXPECT_EQ(set->containsWholeDocument(int(doc)), in) << doc;
    EXPECT_EQ(set->containsDocument(int(doc)), in) << doc;
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
  d.pattern = QStringLiteral("e c");  // spans the end of " the" and the start of " cat"
  auto set = widgets::evaluateSlice(*run, d);
  ASSERT_TRUE(set.has_value());
  EXPECT_TRUE(set->contains(0, 0));
  EXPECT_TRUE(set->contains(0, 1));
  EXPECT_FALSE(set->contains(0, 2));
  d.pattern = QStringLiteral("SAT");
  set = widgets::evaluateSlice(*run, d);
  EXPECT_EQ(set->count, 1) << "case-insensitive unless asked";
  d.caseSensitive = true;
  set = widgets::evaluateSlice(*run, d);
  EXPECT_EQ(set->count, 0);
}

TEST(Slice, LassoKeepsTheProjectedPointsInsideThePolygon) {
  const auto run = fixture::makeRun();
  SliceDefinition d;
  d.kind = SliceDefinition::Kind::Lasso;
  d.polygon = QPolygonF({QPointF(-1, -1), QPointF(1, -1), QPointF(1, 1), QPointF(-1, 1)});
  const auto set = widgets::evaluateSlice(*run, d);
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
  t.map = QStringLiteral("rl");
  t.mapIndex = 2;
  t.comparison = SliceDefinition::Comparison::Below;
  t.value = 0.125;
  SliceDefinition m;
  m.kind = SliceDefinition::Kind::Metadata;
  m.field = QStringLiteral("genre");
  m.values = {QStringLiteral("a"), QStringLiteral("b")};
  SliceDefinition r;
  r.kind = SliceDefinition::Kind::Regex;
  r.pattern = QStringLiteral("\\bsaid\\b");
  r.caseSensitive = true;
  SliceDefinition l;
  l.kind = SliceDefinition::Kind::Lasso;
  l.polygon = QPolygonF({QPointF(0, 0), QPointF(1.5, 0), QPointF(0, 2.25)});
  for (const SliceDefinition& d : {t, m, r, l}) {
    // Through text, as the store keeps it.
    const QByteArray text = QJsonDocument(d.toJson()).toJson(QJsonDocument::Compact);
    const auto back = SliceDefinition::fromJson(QJsonDocument::fromJson(text).object());
    ASSERT_TRUE(back.has_value()) << text.toStdString();
    EXPECT_EQ(back->toJson(), d.toJson()) << text.toStdString();
    EXPECT_FALSE(back->describe().isEmpty());
  }
  const auto bad = SliceDefinition::fromJson(QJsonObject{{QStringLiteral("kind"), QStringLiteral("wormhole")}});
  ASSERT_FALSE(bad.has_value());
  EXPECT_NE(bad.error().message.find("wormhole"), std::string::npos);
}

TEST(Slice, AnInvalidRegexOrAMissingMapIsAnErrorThatSaysWhich) {
  const auto run = fixture::makeRun();
  SliceDefinition r;
  r.kind = SliceDefinition::Kind::Regex;
  r.pattern = QStringLiteral("(unclosed");
  const auto a = widgets::evaluateSlice(*run, r);
  ASSERT_FALSE(a.has_value());
  EXPECT_NE(a.error().message.find("(unclosed"), std::string::npos);
  SliceDefinition t;
  t.map = QStringLiteral("no-such-map");
  const auto b = widgets::evaluateSlice(*run, t);
  ASSERT_FALSE(b.has_value());
  EXPECT_NE(b.error().message.find("no-such-map"), std::string::npos);
}

TEST(RunDigest, RecomputedSummariesMatchTheEnginesOverEveryPosition) {
  // Summaries recomputed from the arrays (as for a slice) against the fixture's naive sums.
  const auto run = fixture::makeRun();
  const core::analysis::QuadrantThresholds q;
  const auto all = widgets::summarizePositions(*run, nullptr, q);
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
  byGenre.field = QStringLiteral("genre");
  byGenre.values = {QStringLiteral("story")};
  const auto whole = widgets::evaluateSlice(*run, byGenre);
  ASSERT_TRUE(whole.has_value());
  const auto s = widgets::summarizePositions(*run, &*whole, {});
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
  cut.map = QStringLiteral("stories260K");
  cut.value = 3.0;
  const auto partial = widgets::evaluateSlice(*run, cut);
  ASSERT_TRUE(partial.has_value());
  const auto p = widgets::summarizePositions(*run, &*partial, {});
  EXPECT_EQ(p[1].tokens, partial->count);
  EXPECT_TRUE(std::isnan(p[1].bits_per_byte)) << "bytes of part of a document are not defined";
  EXPECT_TRUE(std::isnan(p[1].temperature)) << "temperature statistics are kept per document";
}

TEST(RunDigest, HistogramsCountEveryKeptPositionOnce) {
  const auto run = fixture::makeRun();
  auto digest = widgets::digestRun(run, nullptr, {}, core::Job::silent());
  ASSERT_TRUE(digest.has_value());
  std::int64_t scored = 0;
  for (const auto& d : run->documents) scored += std::int64_t(d.scored());
  EXPECT_EQ((*digest)->entropy[0].total(), scored);
  EXPECT_EQ((*digest)->deltaNll[2].total(), scored);
  EXPECT_EQ((*digest)->klBaseTuned[1].total(), scored);
  EXPECT_TRUE((*digest)->deltaNll[0].counts.empty()) << "no Δ of the base against itself";
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
