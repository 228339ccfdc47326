// What makes two maps the same or different to a person: special tokens matched by role (llama2.c's
// BOS "\n<s>\n" is Hugging Face's "<s>"), mismatch messages that print texts escaped so different
// strings never look alike, and default names that tell checkpoints apart.
#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/analysis/engine.h"
#include "core/analysis/map_names.h"
#include "core/tokenize/llama2c_tokenizer.h"
#include "core/tokenize/tokenizer_json.h"
#include "core/tokenize/tokenizer_json_writer.h"
#include "tests/support/test_support.h"
#include "tests/support/tokenizer_fixtures.h"
#include "tests/support/toy_models.h"

namespace {

using core::tokenize::Tokenizer;
using core::tokenize::TokenId;

// A llama2.c vocabulary with a few merged pieces (scores: higher merges first).
std::vector<std::pair<std::string, float>> identity_pieces() {
  return {{" ", -1}, {"a", -2}, {"b", -3}, {"t", -4}, {" a", -5}, {"ab", -6}, {" ab", -7}, {"at", -8}, {" at", -9}, {"\xC3\xA9", -10}};
}

std::shared_ptr<const Tokenizer> identity_llama2c(const std::vector<std::pair<std::string, float>>& extra) {
  auto t = core::tokenize::parse_llama2c_tokenizer(testsupport::make_llama2c_bin(extra), "tok.bin");
  EXPECT_TRUE(t) << t.error().message;
  return *t;
}

core::territory::Territory identity_territory(const std::string& text) {
  core::territory::Territory t;
  t.source = "memory";
  t.documents.push_back({"doc", text, {}});
  t.content_hash = "h";
  return t;
}

at::Tensor identity_table(std::int64_t v) {
  at::manual_seed(3);
  return at::randn({v, v});
}

TEST(SpecialTokenRoles, Llama2cMapComparesWithItsHuggingFaceTokenizerJson) {
  testsupport::TempDir dir;
  testsupport::write_file(dir / "tok.bin", testsupport::make_llama2c_bin(identity_pieces()));
  auto files = core::tokenize::llama2c_as_tokenizer_json(dir / "tok.bin");
  ASSERT_TRUE(files) << files.error().message;
  auto hf = core::tokenize::parse_tokenizer_json(files->tokenizer_json, files->tokenizer_config_json, "hf/tokenizer.json");
  ASSERT_TRUE(hf) << hf.error().message;
  const auto base = identity_llama2c(identity_pieces());
  EXPECT_EQ(base->piece(1), "\n<s>\n");
  EXPECT_EQ((*hf)->piece(1), "<s>");
  // The conversion tokenizes as llama2.c's own encoder does (BOS, dummy prefix, merges, bytes).
  for (const std::string text : {"a ab at", "ab\xC3\xA9 tab\n", "bat  a", "", " "})
    EXPECT_EQ((*hf)->encode(text), base->encode(text)) << text;
  EXPECT_EQ((*hf)->decode((*hf)->encode("ab at")), "ab at");

  const std::int64_t v = base->vocab_size();
  core::analysis::RunSpec spec;
  spec.maps = {{testsupport::bigram_checkpoint(identity_table(v), 32, base, "b"), ""},
               {testsupport::bigram_checkpoint(identity_table(v), 32, *hf, "t"), ""}};
  spec.territory = identity_territory("a tab bat");
  auto plan = core::analysis::plan_run(spec);
  EXPECT_TRUE(plan) << plan.error().message;
}

TEST(SpecialTokenRoles, MismatchMessagesEscapeTexts) {
  auto base_pieces = identity_pieces(), tuned_pieces = identity_pieces();
  base_pieces.push_back({"x\n", -20});
  tuned_pieces.push_back({"x\r", -20});
  const auto base = identity_llama2c(base_pieces), tuned = identity_llama2c(tuned_pieces);
  const std::int64_t v = base->vocab_size();
  core::analysis::RunSpec spec;
  spec.maps = {{testsupport::bigram_checkpoint(identity_table(v), 32, base, "b"), ""},
               {testsupport::bigram_checkpoint(identity_table(v), 32, tuned, "t"), ""}};
  spec.territory = identity_territory("a");
  auto plan = core::analysis::plan_run(spec);
  ASSERT_FALSE(plan);
  const std::string id = std::to_string(v - 1);
  EXPECT_NE(plan.error().message.find("at id " + id + ": base \"x\\n\" (id " + id + "), tuned \"x\\r\" (id " + id + ")"),
            std::string::npos)
      << plan.error().message;
}

core::model::CheckpointInfo identity_info(const std::string& path, const std::string& config = "{}", const std::string& sha = "") {
  core::model::CheckpointInfo i;
  i.path = path;
  i.config_json = config;
  i.sha256 = sha;
  return i;
}

std::vector<std::string> identity_names(const std::vector<core::model::CheckpointInfo>& infos, std::vector<std::string> given = {}) {
  std::vector<const core::model::CheckpointInfo*> p;
  for (const auto& i : infos) p.push_back(&i);
  return core::analysis::distinct_map_names(p, given);
}

TEST(MapNames, GenericFileNamesAreNamedAfterTheirFolder) {
  EXPECT_EQ(identity_names({identity_info("runs/sharp/model.bin"), identity_info("runs/flat/model.bin")}), (std::vector<std::string>{"sharp", "flat"}));
  EXPECT_EQ(identity_names({identity_info("a/stories260K.bin"), identity_info("hf/Llama-3.2-1B/")}), (std::vector<std::string>{"stories260K.bin", "Llama-3.2-1B"}));
  EXPECT_EQ(core::analysis::default_map_name(identity_info("ckpt/model.safetensors")), "ckpt");
}

TEST(MapNames, CollidingFoldersUseNameOrPathElseAShortHash) {
  const std::string a = R"({"_name_or_path": "org/tiny-sft"})", b = R"({"_name_or_path": "org/tiny-dpo"})";
  EXPECT_EQ(identity_names({identity_info("x/final/", a), identity_info("y/final", b)}), (std::vector<std::string>{"tiny-sft", "tiny-dpo"}));
  const auto hashed = identity_names({identity_info("x/final", "{}", "0123456789abcdef"), identity_info("y/final", "{}", "fedcba9876543210")});
  EXPECT_EQ(hashed, (std::vector<std::string>{"final (01234567)", "final (fedcba98)"}));
  // The same checkpoint twice: still two names.
  const auto twice = identity_names({identity_info("x/final", "{}", "0123456789abcdef"), identity_info("x/final", "{}", "0123456789abcdef")});
  EXPECT_NE(twice[0], twice[1]);
  // A name the user gave is kept; a default that collides with it moves.
  const auto given = identity_names({identity_info("a/final"), identity_info("b/other")}, {"", "final"});
  EXPECT_EQ(given[1], "final");
  EXPECT_NE(given[0], "final");
}

}  // namespace
