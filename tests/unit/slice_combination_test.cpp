// Combined slices (and / or / not over inline definitions and saved slices by name) on position sets
// worked out by hand: a run of two documents whose positions a regex and a metadata slice split in
// known ways, so every combination's kept positions follow from set algebra.
#include <gtest/gtest.h>

#include "core/analysis/slice.h"

namespace {

using core::analysis::NamedSlices;
using core::analysis::SliceDefinition;
using SliceKind = SliceDefinition::Kind;

// Document 0 "a b a b" (genre x), document 1 "b a" (genre y); token 0 is BOS.
std::shared_ptr<core::analysis::RunResult> twoDocumentRun() {
  auto run = std::make_shared<core::analysis::RunResult>();
  run->token_texts = {"<s>", " a", " b"};
  core::analysis::DocumentResult d0;
  d0.tokens = {0, 1, 2, 1, 2};
  d0.metadata = {{"genre", "x"}};
  core::analysis::DocumentResult d1;
  d1.tokens = {0, 2, 1};
  d1.metadata = {{"genre", "y"}};
  run->documents = {d0, d1};
  return run;
}

SliceDefinition regexSlice(const std::string& pattern) {
  SliceDefinition d;
  d.kind = SliceKind::Regex;
  d.pattern = pattern;
  return d;
}

SliceDefinition genreSlice(const std::string& value) {
  SliceDefinition d;
  d.kind = SliceKind::Metadata;
  d.field = "genre";
  d.values = {value};
  return d;
}

SliceDefinition combineSlices(SliceKind kind, std::vector<SliceDefinition> operands) {
  SliceDefinition d;
  d.kind = kind;
  d.operands = std::move(operands);
  return d;
}

SliceDefinition sliceRef(const std::string& name) {
  SliceDefinition d;
  d.kind = SliceKind::Reference;
  d.reference = name;
  return d;
}

// Kept positions as "document:position" pairs, in order.
std::vector<std::pair<int, int>> keptPairs(const core::analysis::RunResult& run, const SliceDefinition& d) {
  const auto set = core::analysis::evaluate_slice(run, d);
  EXPECT_TRUE(set.has_value()) << (set ? "" : set.error().message);
  std::vector<std::pair<int, int>> out;
  if (!set) return out;
  for (std::size_t doc = 0; doc < set->flags.size(); ++doc)
    for (std::size_t p = 0; p < set->flags[doc].size(); ++p)
      if (set->flags[doc][p]) out.emplace_back(int(doc), int(p));
  EXPECT_EQ(set->count, std::int64_t(out.size()));
  return out;
}

using KeptPairs = std::vector<std::pair<int, int>>;

}  // namespace

TEST(SliceCombination, AndOrNotFollowSetAlgebraOnKnownPositions) {
  const auto run = twoDocumentRun();
  // A = tokens " a": {0:0, 0:2, 1:1}; B = genre x: {0:0, 0:1, 0:2, 0:3}.
  const SliceDefinition a = regexSlice("a"), b = genreSlice("x");
  ASSERT_EQ(keptPairs(*run, a), (KeptPairs{{0, 0}, {0, 2}, {1, 1}}));
  ASSERT_EQ(keptPairs(*run, b), (KeptPairs{{0, 0}, {0, 1}, {0, 2}, {0, 3}}));
  EXPECT_EQ(keptPairs(*run, combineSlices(SliceKind::And, {a, b})), (KeptPairs{{0, 0}, {0, 2}}));
  EXPECT_EQ(keptPairs(*run, combineSlices(SliceKind::Or, {a, b})), (KeptPairs{{0, 0}, {0, 1}, {0, 2}, {0, 3}, {1, 1}}));
  EXPECT_EQ(keptPairs(*run, combineSlices(SliceKind::Not, {a})), (KeptPairs{{0, 1}, {0, 3}, {1, 0}}));
  // De Morgan: not (A or B) = (not A) and (not B) = {1:0}.
  EXPECT_EQ(keptPairs(*run, combineSlices(SliceKind::Not, {combineSlices(SliceKind::Or, {a, b})})), (KeptPairs{{1, 0}}));
  EXPECT_EQ(keptPairs(*run, combineSlices(SliceKind::And, {combineSlices(SliceKind::Not, {a}), combineSlices(SliceKind::Not, {b})})), (KeptPairs{{1, 0}}));
  // Three operands: A and B and genre y is empty.
  EXPECT_EQ(keptPairs(*run, combineSlices(SliceKind::And, {a, b, genreSlice("y")})), KeptPairs{});
}

TEST(SliceCombination, JsonRoundTripsNestedDefinitionsAndReferences) {
  const SliceDefinition d = combineSlices(SliceKind::And, {sliceRef("long words"), combineSlices(SliceKind::Not, {genreSlice("x")}), regexSlice("b")});
  const std::string text = d.to_json();
  EXPECT_EQ(text, R"({"kind":"and","of":[{"kind":"ref","slice":"long words"},)"
                  R"({"kind":"not","of":[{"field":"genre","kind":"metadata","values":["x"]}]},)"
                  R"({"case_sensitive":false,"kind":"regex","pattern":"b"}]})");
  const auto back = SliceDefinition::from_json(text);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(*back, d);
  EXPECT_EQ(core::analysis::describe(d),
            "(slice “long words”) and (not (genre ∈ {x})) and (text matches /b/i)");
}

TEST(SliceCombination, MalformedCombinationsAreRefusedSayingWhy) {
  const auto empty = SliceDefinition::from_json(R"({"kind":"or","of":[]})");
  ASSERT_FALSE(empty);
  EXPECT_NE(empty.error().message.find("'of'"), std::string::npos);
  const auto two = SliceDefinition::from_json(R"({"kind":"not","of":[{"kind":"ref","slice":"a"},{"kind":"ref","slice":"b"}]})");
  ASSERT_FALSE(two);
  EXPECT_NE(two.error().message.find("exactly one operand"), std::string::npos);
  const auto nameless = SliceDefinition::from_json(R"({"kind":"ref"})");
  ASSERT_FALSE(nameless);
  EXPECT_NE(nameless.error().message.find("'slice'"), std::string::npos);
  std::string deep = R"({"kind":"ref","slice":"a"})";
  for (int i = 0; i < 200; ++i) deep = R"({"kind":"not","of":[)" + deep + "]}";
  const auto tooDeep = SliceDefinition::from_json(deep);
  ASSERT_FALSE(tooDeep);
  EXPECT_NE(tooDeep.error().message.find("nests deeper"), std::string::npos);
}

TEST(SliceCombination, ReferencesResolveAgainstTheSavedSlicesByName) {
  const auto run = twoDocumentRun();
  const NamedSlices named = {{"A", regexSlice("a")}, {"B", genreSlice("x")}, {"A and B", combineSlices(SliceKind::And, {sliceRef("A"), sliceRef("B")})}};
  const auto resolved = core::analysis::resolve_references(combineSlices(SliceKind::Not, {sliceRef("A and B")}), named);
  ASSERT_TRUE(resolved) << resolved.error().message;
  // not (A and B) = every position but {0:0, 0:2}.
  EXPECT_EQ(keptPairs(*run, *resolved), (KeptPairs{{0, 1}, {0, 3}, {1, 0}, {1, 1}}));
  // Unresolved, evaluation refuses rather than guessing.
  const auto unresolved = core::analysis::evaluate_slice(*run, sliceRef("A"));
  ASSERT_FALSE(unresolved);
  EXPECT_NE(unresolved.error().message.find("“A”"), std::string::npos);
}

TEST(SliceCombination, CyclesAndUnknownReferencesAreRefusedNamingThem) {
  const NamedSlices named = {{"p", combineSlices(SliceKind::Or, {sliceRef("q"), regexSlice("a")})},
                             {"q", combineSlices(SliceKind::Not, {sliceRef("p")})},
                             {"self", combineSlices(SliceKind::And, {sliceRef("self"), regexSlice("b")})},
                             {"dangling", combineSlices(SliceKind::Or, {sliceRef("gone")})}};
  const auto cycle = core::analysis::resolve_references(named.at("p"), named, "p");
  ASSERT_FALSE(cycle);
  EXPECT_EQ(cycle.error().message, "slice “p” refers to itself: p → q → p");
  const auto self = core::analysis::resolve_references(named.at("self"), named, "self");
  ASSERT_FALSE(self);
  EXPECT_EQ(self.error().message, "slice “self” refers to itself: self → self");
  // Reached through another slice, the cycle is still found (the chain starts where it closes).
  const auto via = core::analysis::resolve_references(sliceRef("q"), named);
  ASSERT_FALSE(via);
  EXPECT_EQ(via.error().message, "slice “q” refers to itself: q → p → q");
  const auto unknown = core::analysis::resolve_references(named.at("dangling"), named, "dangling");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().message, "the slice refers to “gone”, which the session does not hold (in slice “dangling”)");
}
