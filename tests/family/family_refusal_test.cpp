// What the family readers refuse: each case is a fixture with one config.json field or tensor a
// reader does not implement, and the error must name that field (or tensor) and the file, so a
// user never gets a silently different model.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <fstream>
#include <functional>

#include "core/model/checkpoint.h"
#include "core/model/safetensors_writer.h"
#include "tests/support/family_fixtures.h"
#include "tests/support/test_support.h"

using namespace core::model;
using core::ErrorCode;
using testsupport::TempDir;

namespace {

struct Case {
  const char* what;
  const char* family;
  std::function<void(nlohmann::json&)> edit;
  const char* says;
};

}  // namespace

TEST(FamilyRefusals, UnimplementedConfigFieldsAreRefusedByName) {
  const Case cases[] = {
      {"unknown rope type", "llama3", [](auto& j) { j["rope_scaling"]["rope_type"] = "longrope"; }, "longrope"},
      {"unknown rope field", "llama3", [](auto& j) { j["rope_scaling"]["mscale"] = 0.7; }, "mscale"},
      {"Phi-3 su scaling", "phi3",
       [](auto& j) { j["rope_scaling"] = {{"type", "su"}, {"short_factor", {1.0}}, {"long_factor", {1.0}}}; }, "\"su\""},
      {"ambiguous yarn", "qwen2_yarn", [](auto& j) { j["max_position_embeddings"] = 64; }, "yarn"},
      {"unknown model_type", "llama3", [](auto& j) {
         j.erase("architectures");
         j["model_type"] = "falcon";
       }, "falcon"},
      {"unknown architecture", "qwen3", [](auto& j) { j["architectures"] = {"Qwen3MoeForCausalLM"}; },
       "Qwen3MoeForCausalLM"},
      {"multimodal Gemma 3", "gemma3", [](auto& j) { j["model_type"] = "gemma3"; }, "gemma3"},
      {"unknown layer type", "gemma3", [](auto& j) {
         j["layer_types"] = {"sliding_attention", "chunked_attention", "full_attention"};
       }, "chunked_attention"},
      {"Gemma activation", "gemma2", [](auto& j) { j["hidden_activation"] = "relu"; }, "relu"},
      {"NeoX activation", "neox", [](auto& j) { j["hidden_act"] = "relu"; }, "relu"},
      {"NeoX without biases", "neox", [](auto& j) { j["attention_bias"] = false; }, "attention_bias"},
      {"Qwen3 sliding window", "qwen3", [](auto& j) {
         j["use_sliding_window"] = true;
         j["sliding_window"] = 8;
       }, "use_sliding_window"},
      {"OLMo 2 biases", "olmo2", [](auto& j) { j["attention_bias"] = true; }, "attention_bias"},
  };
  for (const auto& c : cases) {
    TempDir dir;
    testsupport::write_family_folder(dir.path(), c.family);
    auto config = nlohmann::json::parse(testsupport::read_file(dir / "config.json"));
    c.edit(config);
    std::ofstream(dir / "config.json") << config.dump();
    auto cp = load_checkpoint(dir.path(), testsupport::fixture_load_options());
    ASSERT_FALSE(cp) << c.what << " was accepted";
    const auto& e = cp.error();
    EXPECT_NE(e.message.find(c.says), std::string::npos) << c.what << ": " << e.what();
    EXPECT_NE(e.path.find("config.json"), std::string::npos) << c.what << ": " << e.what();
  }
}

// A q/k/v bias in a Llama folder whose config.json says attention_bias false: computing without it
// would silently be another model, so the tensor is named in an error.
TEST(FamilyRefusals, AProjectionBiasTheConfigDoesNotDeclareIsRefused) {
  TempDir dir;
  auto fixture = testsupport::family_fixture("llama3");
  fixture.tensors.push_back({"model.layers.0.self_attn.q_proj.bias", at::ones({32})});
  std::ofstream(dir / "config.json") << fixture.config_json;
  ASSERT_TRUE(write_safetensors_folder(dir.path(), fixture.tensors));
  auto cp = load_checkpoint(dir.path(), testsupport::fixture_load_options());
  ASSERT_FALSE(cp);
  EXPECT_EQ(cp.error().code, ErrorCode::Unsupported);
  EXPECT_NE(cp.error().message.find("model.layers.0.self_attn.q_proj.bias"), std::string::npos) << cp.error().what();
}

// Pythia's fused query_key_value must have 3 * hidden_size rows: a wrong shape names the tensor.
TEST(FamilyRefusals, AFusedProjectionOfTheWrongShapeNamesTheTensor) {
  TempDir dir;
  auto fixture = testsupport::family_fixture("neox");
  for (auto& t : fixture.tensors)
    if (t.name == "gpt_neox.layers.1.attention.query_key_value.weight") t.tensor = t.tensor.narrow(0, 0, 64).clone();
  std::ofstream(dir / "config.json") << fixture.config_json;
  ASSERT_TRUE(write_safetensors_folder(dir.path(), fixture.tensors));
  auto cp = load_checkpoint(dir.path(), testsupport::fixture_load_options());
  ASSERT_FALSE(cp);
  EXPECT_EQ(cp.error().code, ErrorCode::Mismatch);
  EXPECT_NE(cp.error().message.find("gpt_neox.layers.1.attention.query_key_value.weight"), std::string::npos)
      << cp.error().what();
}
