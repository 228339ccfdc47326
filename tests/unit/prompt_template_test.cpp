// Prompt templates: {field} filled from a document's metadata, {{ }} escapes, and the one error that
// names the prompt, the field and the documents lacking it. The prompt's fit in the base map's window.
#include <gtest/gtest.h>

#include "core/analysis/prompt_fit.h"
#include "core/analysis/prompt_template.h"
#include "tests/support/toy_models.h"

using namespace core::analysis;

namespace {

std::string fill(const std::string& text, const std::map<std::string, std::string>& metadata) {
  auto parts = parse_prompt_template("p", text);
  EXPECT_TRUE(parts) << parts.error().message;
  if (!parts) return "<parse error>";
  auto out = expand_prompt("p", *parts, metadata, "doc");
  EXPECT_TRUE(out) << out.error().message;
  return out ? *out : "<missing field>";
}

}  // namespace

TEST(PromptTemplate, FieldsAreFilledFromTheDocumentsMetadata) {
  EXPECT_EQ(fill("[{category}]\n", {{"category", "zippy"}}), "[zippy]\n");
  EXPECT_EQ(fill("{a}-{b}-{a}", {{"a", "1"}, {"b", "two"}}), "1-two-1");
  EXPECT_EQ(fill("no placeholder at all", {}), "no placeholder at all");
  EXPECT_EQ(fill("", {}), "");
  EXPECT_EQ(fill("{category}", {{"category", ""}}), "") << "an empty value is a value";
  auto parts = parse_prompt_template("p", "{x} and {y} and {x}");
  ASSERT_TRUE(parts);
  EXPECT_EQ(template_fields(*parts), (std::vector<std::string>{"x", "y"}));
}

TEST(PromptTemplate, DoubledBracesAreLiteralBraces) {
  EXPECT_EQ(fill("{{json}} {{\"k\": {v}}}", {{"v", "1"}}), "{json} {\"k\": 1}");
  EXPECT_EQ(fill("}}{{", {}), "}{");
  auto parts = parse_prompt_template("p", "{{category}}");
  ASSERT_TRUE(parts);
  EXPECT_TRUE(template_fields(*parts).empty()) << "an escaped placeholder is text, not a field";
}

TEST(PromptTemplate, BracesThatOpenNoPlaceholderAreText) {
  // Code, JSON and typos stay as written, so a library prompt with braces is never refused.
  for (const std::string text : {"[{category]", "oops }", "{}", "{ return x; }", "{\"k\": 1}", "{1st}", "{a b}"}) {
    auto parts = parse_prompt_template("p", text);
    ASSERT_TRUE(parts) << text;
    EXPECT_TRUE(template_fields(*parts).empty()) << text;
    EXPECT_EQ(fill(text, {}), text);
  }
  EXPECT_EQ(fill("{ {a} }", {{"a", "x"}}), "{ x }");
  EXPECT_EQ(fill("{meta.source-file_2}", {{"meta.source-file_2", "ok"}}), "ok");
}

TEST(PromptTemplate, AMissingFieldNamesThePromptTheFieldAndTheDocumentsLackingIt) {
  std::vector<TemplateDocument> docs;
  for (int i = 0; i < 9; ++i) {
    TemplateDocument d;
    d.name = "fortune-" + std::to_string(i);
    if (i % 3 != 1) d.metadata["category"] = i % 2 ? "zippy" : "wisdom";
    docs.push_back(d);
  }
  auto filled = expand_prompt_for_documents("header", "[{category}]\n", docs);
  ASSERT_FALSE(filled);
  const std::string& m = filled.error().message;
  EXPECT_EQ(filled.error().code, core::ErrorCode::NotFound);
  EXPECT_NE(m.find("\u201cheader\u201d"), std::string::npos) << m;
  EXPECT_NE(m.find("\u201ccategory\u201d"), std::string::npos) << m;
  EXPECT_NE(m.find("3 of 9 documents"), std::string::npos) << m;
  for (const char* lacking : {"fortune-1", "fortune-4", "fortune-7"}) EXPECT_NE(m.find(lacking), std::string::npos) << m;
  EXPECT_EQ(m.find("fortune-0"), std::string::npos) << "documents that have the field are not named: " << m;

  // With the field everywhere, every document gets its own filling, in order.
  for (auto& d : docs) d.metadata.try_emplace("category", "none");
  filled = expand_prompt_for_documents("header", "[{category}]\n", docs);
  ASSERT_TRUE(filled) << filled.error().message;
  ASSERT_EQ(filled->size(), docs.size());
  EXPECT_EQ((*filled)[0], "[wisdom]\n");
  EXPECT_EQ((*filled)[1], "[none]\n");
  EXPECT_EQ((*filled)[3], "[zippy]\n");
}

TEST(PromptTemplate, ManyDocumentsLackingAFieldAreCountedNotAllListed) {
  std::vector<TemplateDocument> docs(40);
  for (std::size_t i = 0; i < docs.size(); ++i) docs[i].name = "d" + std::to_string(i);
  auto filled = expand_prompt_for_documents("p", "{genre}", docs);
  ASSERT_FALSE(filled);
  EXPECT_NE(filled.error().message.find("40 of 40"), std::string::npos) << filled.error().message;
  EXPECT_NE(filled.error().message.find("and 35 more"), std::string::npos) << filled.error().message;
}

TEST(PromptFit, CountsTheZoomPrefixAndTheShareOfTheWindowLeft) {
  // Bytes as tokens with BOS: n bytes of prompt are n + 1 tokens of prefix (docs: "Zoom").
  const auto tokenizer = testsupport::byte_tokenizer();
  const std::string text = "[zippy]\n";
  const PromptFit fit = fit_prompt(*tokenizer, 64, "header", text);
  ASSERT_EQ(fit.tokens(), std::int64_t(text.size()) + 1);
  EXPECT_EQ(fit.ids.front(), 1) << "BOS first";
  EXPECT_EQ(fit.ids[1], '[' + 3);
  ASSERT_EQ(fit.pieces.size(), fit.ids.size());
  EXPECT_EQ(fit.pieces[1], "[");
  EXPECT_DOUBLE_EQ(fit.territory_share, double(64 - 9) / 64.0);
  EXPECT_TRUE(fit.fits());

  const auto no_bos = testsupport::byte_tokenizer(0, false);
  EXPECT_EQ(fit_prompt(*no_bos, 64, "header", text).tokens(), std::int64_t(text.size()));
}

TEST(PromptFit, APromptThatLeavesNoRoomIsFlaggedByName) {
  const auto tokenizer = testsupport::byte_tokenizer();
  // 61 bytes + BOS = 62 tokens: two left for the territory, the least a scored position needs.
  const PromptFit edge = fit_prompt(*tokenizer, 64, "long", std::string(61, 'a'));
  EXPECT_TRUE(edge.fits()) << edge.problem;
  const PromptFit full = fit_prompt(*tokenizer, 64, "too long", std::string(62, 'a'));
  ASSERT_FALSE(full.fits());
  EXPECT_NE(full.problem.find("\u201ctoo long\u201d"), std::string::npos) << full.problem;
  EXPECT_NE(full.problem.find("64-token window"), std::string::npos) << full.problem;
  EXPECT_NE(full.problem.find("no room"), std::string::npos) << full.problem;
  EXPECT_DOUBLE_EQ(fit_prompt(*tokenizer, 64, "x", std::string(100, 'a')).territory_share, 0.0);
}
