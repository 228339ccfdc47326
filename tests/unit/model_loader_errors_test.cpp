// Malformed checkpoints: every loader refuses with a core::Error whose code and message say what is
// wrong and whose path names the file, before allocating and without crashing.
#include <gtest/gtest.h>

#include <cstring>

#include "core/model/checkpoint.h"
#include "core/model/safetensors_writer.h"
#include "tests/support/test_support.h"
#include "tests/unit/model_fixtures.h"

using namespace core::model;
using core::ErrorCode;
using testsupport::TempDir;

namespace {

using fixtures::no_hash;

core::Error load_error(const std::filesystem::path& p, const LoadOptions& o = no_hash()) {
  auto cp = load_checkpoint(p, o);
  EXPECT_FALSE(cp.has_value()) << p;
  return cp ? core::Error{} : cp.error();
}

void write_llama_folder(const TempDir& dir, const fixtures::LlamaSpec& s, fixtures::Weights w,
                        nlohmann::json config = {}) {
  fixtures::write_json(dir / "config.json", config.is_null() ? fixtures::llama_config(s) : config);
  ASSERT_TRUE(write_safetensors_folder(dir.path(), fixtures::named(w)));
}

}  // namespace

TEST(ModelLoaderErrors, WrongShapeNamesTheTensorAndTheFile) {
  fixtures::LlamaSpec s;
  auto w = fixtures::random_llama(s, 1);
  w["model.layers.1.mlp.up_proj.weight"].shape = {s.dim, s.hidden};  // transposed
  TempDir dir;
  write_llama_folder(dir, s, w);
  const auto e = load_error(dir.path());
  EXPECT_EQ(e.code, ErrorCode::Mismatch);
  EXPECT_NE(e.message.find("model.layers.1.mlp.up_proj.weight"), std::string::npos) << e.what();
  EXPECT_NE(e.message.find("[16, 24]"), std::string::npos) << e.what();
  EXPECT_NE(e.path.find("model.safetensors"), std::string::npos) << e.what();
}

TEST(ModelLoaderErrors, MissingTensorNamesTheTensor) {
  fixtures::LlamaSpec s;
  auto w = fixtures::random_llama(s, 2);
  w.erase("lm_head.weight");  // untied, so the head is required
  TempDir dir;
  write_llama_folder(dir, s, w);
  const auto e = load_error(dir.path());
  EXPECT_EQ(e.code, ErrorCode::NotFound);
  EXPECT_NE(e.message.find("lm_head.weight"), std::string::npos) << e.what();
  EXPECT_EQ(e.path, dir.path().string());
}

TEST(ModelLoaderErrors, ConfigProblemsAreRefusedByName) {
  fixtures::LlamaSpec s;
  const auto w = fixtures::random_llama(s, 3);
  struct Case {
    const char* what;
    std::function<void(nlohmann::json&)> edit;
    ErrorCode code;
    const char* says;
  } cases[] = {
      {"rope_scaling", [](auto& j) { j["rope_scaling"] = {{"type", "longrope"}, {"factor", 2.0}}; }, ErrorCode::Unsupported,
       "rope_scaling"},
      {"missing hidden_size", [](auto& j) { j.erase("hidden_size"); }, ErrorCode::InvalidInput, "hidden_size"},
      {"negative heads", [](auto& j) { j["num_attention_heads"] = -4; }, ErrorCode::InvalidInput, "num_attention_heads"},
      {"heads do not divide", [](auto& j) { j["num_key_value_heads"] = 3; }, ErrorCode::InvalidInput, "num_key_value_heads"},
      {"unknown architecture", [](auto& j) { j["architectures"] = {"FalconForCausalLM"}; }, ErrorCode::Unsupported,
       "FalconForCausalLM"},
      {"activation", [](auto& j) { j["hidden_act"] = "relu"; }, ErrorCode::Unsupported, "relu"},
  };
  for (const auto& c : cases) {
    TempDir dir;
    auto config = fixtures::llama_config(s);
    c.edit(config);
    write_llama_folder(dir, s, w, config);
    const auto e = load_error(dir.path());
    EXPECT_EQ(e.code, c.code) << c.what << ": " << e.what();
    EXPECT_NE(e.message.find(c.says), std::string::npos) << c.what << ": " << e.what();
    EXPECT_NE(e.path.find("config.json"), std::string::npos) << c.what;
  }
  TempDir garbage;
  testsupport::write_file(garbage / "config.json", "{\"hidden_size\": 16,,,");
  const auto e = load_error(garbage.path());
  EXPECT_EQ(e.code, ErrorCode::InvalidInput);
  EXPECT_NE(e.message.find("not valid JSON"), std::string::npos);
}

TEST(ModelLoaderErrors, MistralSlidingWindowCapsTheContextWithAWarning) {
  fixtures::LlamaSpec s;
  TempDir dir;
  auto config = fixtures::llama_config(s, "MistralForCausalLM");
  config["sliding_window"] = 16;
  write_llama_folder(dir, s, fixtures::random_llama(s, 4), config);
  auto cp = load_checkpoint(dir.path(), no_hash());
  ASSERT_TRUE(cp) << cp.error().what();
  EXPECT_EQ(cp->info.context_length, 16);
  EXPECT_EQ(cp->model->config().max_seq_len, 16);
  bool warned = false;
  for (const auto& w : cp->info.warnings) warned |= w.find("sliding_window 16") != std::string::npos;
  EXPECT_TRUE(warned);
}

TEST(ModelLoaderErrors, UnusedTensorsAreReportedNotSilentlyDropped) {
  fixtures::LlamaSpec s;
  auto w = fixtures::random_llama(s, 5);
  w["model.layers.0.self_attn.rotary_emb.inv_freq"] = fixtures::Weight{{2}, {1, 2}};  // a known buffer: quiet
  w["model.extra_adapter.weight"] = fixtures::Weight{{2}, {1, 2}};
  TempDir dir;
  write_llama_folder(dir, s, w);
  auto cp = load_checkpoint(dir.path(), no_hash());
  ASSERT_TRUE(cp) << cp.error().what();
  ASSERT_FALSE(cp->info.warnings.empty());
  std::string all;
  for (const auto& x : cp->info.warnings) all += x + "\n";
  EXPECT_NE(all.find("1 tensor(s)"), std::string::npos) << all;
  EXPECT_NE(all.find("model.extra_adapter.weight"), std::string::npos) << all;
}

TEST(ModelLoaderErrors, Llama2cHeaderAndSizeAreValidated) {
  fixtures::LlamaSpec s;
  const auto w = fixtures::random_llama(s, 6);
  TempDir dir;
  fixtures::write_llama2c(dir / "good.bin", s, w);
  const std::string good = testsupport::read_file(dir / "good.bin");
  ASSERT_TRUE(load_checkpoint(dir / "good.bin", no_hash()));

  auto with_header = [&](int field, std::int32_t value) {
    std::string b = good;
    std::memcpy(b.data() + 4 * field, &value, 4);
    return b;
  };
  struct Case {
    const char* what;
    std::string bytes;
    const char* says;
  } cases[] = {
      {"empty", "", "shorter than its 28-byte header"},
      {"truncated", good.substr(0, good.size() - 4), "expected"},
      {"one extra byte", good + "x", "expected"},
      {"zero dim", with_header(0, 0), "not positive"},
      {"huge layers", with_header(2, 1 << 30), "not positive and plausible"},
      {"heads do not divide dim", with_header(3, 5), "n_heads"},
      {"kv heads do not divide heads", with_header(4, 3), "n_kv_heads"},
      {"tied claim on an untied file", with_header(5, s.vocab), "expected"},
  };
  for (const auto& c : cases) {
    testsupport::write_file(dir / "bad.bin", c.bytes);
    const auto e = load_error(dir / "bad.bin");
    EXPECT_EQ(e.code, ErrorCode::Corrupt) << c.what << ": " << e.what();
    EXPECT_NE(e.message.find(c.says), std::string::npos) << c.what << ": " << e.what();
    EXPECT_EQ(e.path, (dir / "bad.bin").string()) << c.what;
  }
}

// The version-1 export ("ak42" header, norms first) of the same weights computes the same logits.
TEST(ModelLoaderErrors, Llama2cVersion1ExportLoadsLikeTheLegacyOne) {
  fixtures::LlamaSpec s;
  s.tied = true;
  const auto w = fixtures::random_llama(s, 7);
  TempDir dir;
  fixtures::write_llama2c(dir / "legacy.bin", s, w);
  {
    std::ofstream out(dir / "v1.bin", std::ios::binary);
    std::string header(256, '\0');
    const std::uint32_t magic = 0x616b3432;
    const std::int32_t version = 1;
    const std::int32_t p[7] = {s.dim, s.hidden, s.layers, s.heads, s.kv_heads, s.vocab, s.context};
    std::memcpy(header.data(), &magic, 4);
    std::memcpy(header.data() + 4, &version, 4);
    std::memcpy(header.data() + 8, p, 28);
    header[36] = 1;  // shared classifier
    out << header;
    auto put = [&](const std::string& name) {
      const auto& t = w.at(name);
      out.write(reinterpret_cast<const char*>(t.data.data()), std::streamsize(t.data.size() * 4));
    };
    auto each = [&](const std::string& suffix) {
      for (int l = 0; l < s.layers; ++l) put("model.layers." + std::to_string(l) + "." + suffix);
    };
    each("input_layernorm.weight");
    each("post_attention_layernorm.weight");
    put("model.norm.weight");
    put("model.embed_tokens.weight");
    for (const char* m : {"self_attn.q_proj.weight", "self_attn.k_proj.weight", "self_attn.v_proj.weight",
                          "self_attn.o_proj.weight", "mlp.gate_proj.weight", "mlp.down_proj.weight", "mlp.up_proj.weight"})
      each(m);
  }
  auto legacy = load_checkpoint(dir / "legacy.bin", no_hash());
  auto v1 = load_checkpoint(dir / "v1.bin", no_hash());
  ASSERT_TRUE(legacy) << legacy.error().what();
  ASSERT_TRUE(v1) << v1.error().what();
  const at::Tensor ids = at::tensor({3, 1, 4, 1, 5, 9, 2, 6}, at::kLong).unsqueeze(0);
  EXPECT_TRUE(at::equal(legacy->model->logits(ids), v1->model->logits(ids)));

  std::string truncated = testsupport::read_file(dir / "v1.bin");
  testsupport::write_file(dir / "v1bad.bin", truncated.substr(0, truncated.size() - 8));
  EXPECT_EQ(load_error(dir / "v1bad.bin").code, ErrorCode::Corrupt);
}

TEST(ModelLoaderErrors, TorchScriptIsRefusedUnlessTrustedAndPickleZipsAlways) {
  TempDir dir;
  // A zip whose entries look like a TorchScript archive: refused before anything is parsed.
  testsupport::write_file(dir / "m.pt", std::string("PK\x03\x04", 4) + "archive/code/__torch__/m.py");
  auto e = load_error(dir / "m.pt");
  EXPECT_EQ(e.code, ErrorCode::Unsupported);
  EXPECT_NE(e.message.find("--trust-torchscript"), std::string::npos) << e.what();
  EXPECT_NE(e.message.find("arbitrary code"), std::string::npos) << e.what();
  EXPECT_EQ(e.path, (dir / "m.pt").string());
  // Trusted, but not a loadable archive: a clear error, no crash.
  LoadOptions trusted = no_hash();
  trusted.trust_torchscript = true;
  e = load_error(dir / "m.pt", trusted);
  EXPECT_EQ(e.code, ErrorCode::Corrupt) << e.what();
  // torch.save() zips are pickles: never loaded.
  testsupport::write_file(dir / "pytorch_model.bin", std::string("PK\x03\x04", 4) + "archive/data.pkl");
  e = load_error(dir / "pytorch_model.bin", trusted);
  EXPECT_EQ(e.code, ErrorCode::Unsupported);
  EXPECT_NE(e.message.find("pickle"), std::string::npos) << e.what();
}

TEST(ModelLoaderErrors, MissingPathsAndFoldersWithoutWeights) {
  TempDir dir;
  EXPECT_EQ(load_error(dir / "nope.bin").code, ErrorCode::NotFound);
  EXPECT_EQ(load_error(dir.path()).code, ErrorCode::NotFound);  // no config.json
  fixtures::write_json(dir / "config.json", fixtures::llama_config({}));
  const auto e = load_error(dir.path());
  EXPECT_EQ(e.code, ErrorCode::NotFound);
  EXPECT_NE(e.message.find("model.safetensors"), std::string::npos) << e.what();
}
