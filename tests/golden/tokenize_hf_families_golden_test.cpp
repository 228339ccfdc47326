// The real tokenizer.json files of Llama 3, Qwen3 and Gemma 3 (CARTOGRAPH_TEST_DATA/hf_tokenizers)
// against ids stored from the independent reference encoder @lenml/tokenizers@3.7.2
// (tests/golden/data/hf_tokenizer_ids.js wrote tests/golden/data/hf_tokenizer_ids/*.json): every case
// of a varied text set and slices of the real corpora, with and without the special tokens the
// tokenizer adds itself, and the reference's decode of those ids.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/tokenize/tokenizer.h"
#include "core/tokenize/tokenizer_json.h"
#include "tests/support/test_support.h"

namespace {

using core::tokenize::TokenId;
using nlohmann::json;

json hf_reference(const std::string& family) {
  return json::parse(testsupport::read_file(std::filesystem::path(CARTOGRAPH_SOURCE_DIR) / "tests/golden/data/hf_tokenizer_ids" /
                                            (family + ".json")));
}

std::string hf_escaped(const std::string& s) { return json(s).dump(); }

class HfFamily : public testing::TestWithParam<std::string> {};

TEST_P(HfFamily, EncodesEveryCaseAsTheReferenceEncoder) {
  CARTOGRAPH_REQUIRE_TEST_DATA(data);
  const std::string family = GetParam();
  auto tok = core::tokenize::load_tokenizer(data / "hf_tokenizers" / family / "tokenizer.json");
  ASSERT_TRUE(tok) << tok.error().message;
  const json ref = hf_reference(family);
  ASSERT_GE(ref["cases"].size(), 60u);
  int checked = 0;
  for (const auto& c : ref["cases"]) {
    const std::string text = c["text"];
    EXPECT_EQ((*tok)->encode(text, false), c["ids"].get<std::vector<TokenId>>()) << family << " text " << hf_escaped(text);
    EXPECT_EQ((*tok)->encode(text), c["with_specials"].get<std::vector<TokenId>>())
        << family << " (with its own specials) text " << hf_escaped(text);
    ++checked;
  }
  EXPECT_EQ(checked, int(ref["cases"].size()));
}

TEST_P(HfFamily, EncodesCorpusSlicesAsTheReferenceEncoder) {
  CARTOGRAPH_REQUIRE_TEST_DATA(data);
  const std::string family = GetParam();
  auto tok = core::tokenize::load_tokenizer(data / "hf_tokenizers" / family / "tokenizer.json");
  ASSERT_TRUE(tok) << tok.error().message;
  const json ref = hf_reference(family);
  ASSERT_FALSE(ref["slices"].empty());
  for (const auto& s : ref["slices"]) {
    const std::string corpus = testsupport::read_file(data / s["file"].get<std::string>());
    const std::string text = corpus.substr(s["offset"].get<std::size_t>(), s["length"].get<std::size_t>());
    const auto want = s["ids"].get<std::vector<TokenId>>();
    ASSERT_GT(want.size(), 100u);
    EXPECT_EQ((*tok)->encode(text, false), want) << family << " " << s["file"] << " at " << s["offset"];
  }
}

// decode inverts encode as the reference decodes (special tokens skipped, no clean-up of spaces);
// where the text needs no normalisation and spells no special token, that is the text itself.
TEST_P(HfFamily, DecodesAsTheReferenceAndRoundTrips) {
  CARTOGRAPH_REQUIRE_TEST_DATA(data);
  const std::string family = GetParam();
  auto tok = core::tokenize::load_tokenizer(data / "hf_tokenizers" / family / "tokenizer.json");
  ASSERT_TRUE(tok) << tok.error().message;
  int round_trips = 0;
  const json ref = hf_reference(family);  // kept alive: the loop reads into it
  for (const auto& c : ref["cases"]) {
    const auto ids = c["ids"].get<std::vector<TokenId>>();
    const std::string text = c["text"], decoded = (*tok)->decode(ids);
    EXPECT_EQ(decoded, c["decoded"].get<std::string>()) << family << " text " << hf_escaped(text);
    if (decoded == text) ++round_trips;
  }
  // Most cases are plain text; a family that lost the round trip on them would show here.
  EXPECT_GE(round_trips, 50) << family;
}

INSTANTIATE_TEST_SUITE_P(RealFiles, HfFamily, testing::Values("llama3", "qwen3", "gemma3"));

// A Unigram model (none of the three real files has one): a small fixture made for the tests
// (NFKC, a Replace with a regex, Metaspace, an EOS template) against the same reference encoder.
TEST(HfUnigramFixture, EncodesAndDecodesAsTheReferenceEncoder) {
  const std::filesystem::path dir = std::filesystem::path(CARTOGRAPH_SOURCE_DIR) / "tests/golden/data/hf_tokenizer_ids";
  auto tok = core::tokenize::parse_tokenizer_json(testsupport::read_file(dir / "unigram_fixture.tokenizer.json"),
                                                  testsupport::read_file(dir / "unigram_fixture.tokenizer_config.json"),
                                                  "unigram_fixture.tokenizer.json");
  ASSERT_TRUE(tok) << tok.error().message;
  const json ref = hf_reference("unigram_fixture");
  ASSERT_GE(ref["cases"].size(), 60u);
  for (const auto& c : ref["cases"]) {
    const std::string text = c["text"];
    const auto ids = c["ids"].get<std::vector<TokenId>>();
    EXPECT_EQ((*tok)->encode(text, false), ids) << "text " << hf_escaped(text);
    EXPECT_EQ((*tok)->encode(text), c["with_specials"].get<std::vector<TokenId>>()) << "text " << hf_escaped(text);
    EXPECT_EQ((*tok)->decode(ids), c["decoded"].get<std::string>()) << "text " << hf_escaped(text);
  }
}

}  // namespace
