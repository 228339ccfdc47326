// Weights kept in their stored dtype (docs/ARCHITECTURE.md, "Weight dtypes"): tiny random Llama and
// GPT-2 checkpoints written here in float16 and bfloat16 stay in that dtype after loading, and score
// like the float32 path, which loads the same files with --dtype float32 (the same rounded weights
// widened once at load).
//
// Tolerances, derived:
//  - float16 widens one matrix at a time to float32 just before its product, the very numbers the
//    float32 path holds, so the products are the same float32 GEMMs: any difference is float32
//    summation order (the head's blocks), far below 1e-5 in log-probability at these sizes.
//  - bfloat16 computes natively: each product rounds its input activations and its output to
//    bfloat16 (unit roundoff u = 2^-8), two roundings per product, at most two products in a row per
//    sublayer (gate/up then down; v then o), two sublayers per layer. A relative error of at most
//    2·2·2·u per layer, summed over L layers, reaches the final features and, through the float32
//    head, the logits: |Δlogit| <= 8·L·u·max|logit|. log p = logit − logsumexp(logits) is 1-Lipschitz
//    in each term under the max norm, so |Δlog p| <= 2 max|Δlogit| <= 16·L·u·max|logit|.
#include <gtest/gtest.h>

#include <ATen/ATen.h>

#include <cmath>

#include "core/model/checkpoint.h"
#include "core/model/gpt2.h"
#include "core/model/llama.h"
#include "core/model/safetensors_writer.h"
#include "core/model/weight_dtype.h"
#include "tests/support/test_support.h"
#include "tests/unit/model_fixtures.h"

using namespace core::model;
using testsupport::TempDir;

namespace {

const at::Tensor& ids() {
  static const at::Tensor t =
      at::tensor(std::vector<std::int64_t>{1, 5, 9, 2, 33, 7, 0, 12, 30, 4, 4, 17, 36, 8, 21, 3}, at::kLong).view({2, 8});
  return t;
}

Checkpoint load(const std::filesystem::path& folder, WeightDType dtype) {
  auto o = fixtures::no_hash();
  o.dtype = dtype;
  auto cp = load_checkpoint(folder, o);
  EXPECT_TRUE(cp.has_value()) << (cp ? "" : cp.error().what());
  return cp ? *cp : Checkpoint{};
}

at::Tensor logp(const Checkpoint& cp) { return at::log_softmax(cp.model->logits(ids()), -1); }

void write_folder(const TempDir& dir, const nlohmann::json& config, const fixtures::Weights& w, DType dtype) {
  fixtures::write_json(dir / "config.json", config);
  SafetensorsWriteOptions o;
  o.dtype = dtype;
  ASSERT_TRUE(write_safetensors_folder(dir.path(), fixtures::named(w), o).has_value());
}

at::ScalarType scalar(DType d) { return d == DType::F16 ? at::kHalf : d == DType::BF16 ? at::kBFloat16 : at::kFloat; }

void expect_llama_dtypes(const LanguageModel& model, at::ScalarType matrices, const std::string& what) {
  const auto* llama = dynamic_cast<const LlamaModel*>(&model);
  ASSERT_TRUE(llama) << what;
  const auto& w = llama->weights();
  EXPECT_EQ(w.embed.scalar_type(), matrices) << what;
  if (w.lm_head.defined()) {
    EXPECT_EQ(w.lm_head.scalar_type(), matrices) << what;
  }
  EXPECT_EQ(w.final_norm.scalar_type(), at::kFloat) << what << ": norms stay float32";
  for (const auto& L : w.layers) {
    for (const at::Tensor* t : {&L.wq, &L.wk, &L.wv, &L.wo, &L.w_gate, &L.w_up, &L.w_down})
      EXPECT_EQ(t->scalar_type(), matrices) << what;
    EXPECT_EQ(L.attn_norm.scalar_type(), at::kFloat) << what;
    EXPECT_EQ(L.ffn_norm.scalar_type(), at::kFloat) << what;
  }
}

double bf16_tolerance(std::int64_t layers, const at::Tensor& float32_logits) {
  const double u = std::ldexp(1.0, -8);
  return 16.0 * double(layers) * u * float32_logits.abs().max().item<double>();
}

}  // namespace

TEST(WeightDtype, LlamaHalfPrecisionWeightsStayInTheirDtypeAndScoreLikeTheFloat32Path) {
  for (bool tied : {false, true}) {
    fixtures::LlamaSpec s;
    s.tied = tied;
    const auto w = fixtures::random_llama(s, 61);
    for (DType dtype : {DType::F16, DType::BF16}) {
      const std::string what = std::string(torch_name(dtype)) + (tied ? " tied" : " untied");
      TempDir dir;
      write_folder(dir, fixtures::llama_config(s), w, dtype);
      const Checkpoint kept = load(dir.path(), WeightDType::Auto), wide = load(dir.path(), WeightDType::Float32);
      ASSERT_TRUE(kept.model && wide.model) << what;
      EXPECT_EQ(kept.info.dtype, torch_name(dtype)) << what;
      EXPECT_EQ(kept.info.weights_dtype, torch_name(dtype)) << what;
      EXPECT_EQ(wide.info.weights_dtype, "float32") << what;
      expect_llama_dtypes(*kept.model, scalar(dtype), what);
      expect_llama_dtypes(*wide.model, at::kFloat, what);

      const at::Tensor got = logp(kept), want = logp(wide);
      EXPECT_EQ(got.scalar_type(), at::kFloat) << what << ": logits stay float32";
      const double diff = (got - want).abs().max().item<double>();
      const double tolerance =
          dtype == DType::F16 ? 1e-5 : bf16_tolerance(s.layers, wide.model->logits(ids()));
      std::cerr << "[ " << what << " ] max |log p − float32 path| " << diff << " (tolerance " << tolerance << ")\n";
      EXPECT_LE(diff, tolerance) << what;
    }
  }
}

TEST(WeightDtype, Gpt2HalfPrecisionWeightsStayInTheirDtypeAndScoreLikeTheFloat32Path) {
  fixtures::Gpt2Spec s;
  const auto w = fixtures::random_gpt2(s, 62);
  for (DType dtype : {DType::F16, DType::BF16}) {
    const std::string what = std::string("gpt2 ") + torch_name(dtype);
    TempDir dir;
    write_folder(dir, fixtures::gpt2_config(s), w, dtype);
    const Checkpoint kept = load(dir.path(), WeightDType::Auto), wide = load(dir.path(), WeightDType::Float32);
    ASSERT_TRUE(kept.model && wide.model) << what;
    const auto* gpt2 = dynamic_cast<const Gpt2Model*>(kept.model.get());
    ASSERT_TRUE(gpt2) << what;
    EXPECT_EQ(gpt2->weights().wte.scalar_type(), scalar(dtype)) << what;
    for (const auto& L : gpt2->weights().layers) {
      for (const at::Tensor* t : {&L.attn_w, &L.proj_w, &L.fc_w, &L.out_w}) EXPECT_EQ(t->scalar_type(), scalar(dtype));
      EXPECT_EQ(L.attn_b.scalar_type(), at::kFloat) << what << ": biases stay float32";
    }
    EXPECT_EQ(kept.info.weights_dtype, torch_name(dtype)) << what;
    const double diff = (logp(kept) - logp(wide)).abs().max().item<double>();
    const double tolerance = dtype == DType::F16 ? 1e-5 : bf16_tolerance(s.layers, wide.model->logits(ids()));
    std::cerr << "[ " << what << " ] max |log p − float32 path| " << diff << " (tolerance " << tolerance << ")\n";
    EXPECT_LE(diff, tolerance) << what;
  }
}

// --dtype converts at load: a float32 folder kept in bfloat16 computes what the same weights
// written as a bfloat16 file compute (both round matrices to nearest even), bit for bit. Norms stay
// float32 under --dtype, so the fixture's norms are made bfloat16 numbers first: then both files
// hold the same norms and any difference would come from the matrices.
TEST(WeightDtype, DtypeOptionConvertsAFloat32FolderLikeAHalfPrecisionFile) {
  fixtures::LlamaSpec s;
  auto w = fixtures::random_llama(s, 63);
  for (auto& [name, t] : w) {
    if (t.shape.size() != 1) continue;
    const at::Tensor r = fixtures::to_tensor(t).to(at::kBFloat16).to(at::kFloat).contiguous();
    std::copy(r.data_ptr<float>(), r.data_ptr<float>() + r.numel(), t.data.begin());
  }
  TempDir f32, bf16;
  write_folder(f32, fixtures::llama_config(s), w, DType::F32);
  write_folder(bf16, fixtures::llama_config(s), w, DType::BF16);
  const Checkpoint converted = load(f32.path(), WeightDType::BFloat16), stored = load(bf16.path(), WeightDType::Auto);
  ASSERT_TRUE(converted.model && stored.model);
  EXPECT_EQ(converted.info.dtype, "float32");
  EXPECT_EQ(converted.info.weights_dtype, "bfloat16");
  expect_llama_dtypes(*converted.model, at::kBFloat16, "converted");
  EXPECT_TRUE(at::equal(converted.model->logits(ids()), stored.model->logits(ids())));
}

TEST(WeightDtype, HalfPrecisionIsRefusedForALlama2cFileNamingIt) {
  fixtures::LlamaSpec s;
  const auto w = fixtures::random_llama(s, 64);
  TempDir dir;
  const auto file = dir / "model.bin";
  fixtures::write_llama2c(file, s, w);
  auto o = fixtures::no_hash();
  o.dtype = WeightDType::Float16;
  auto cp = load_checkpoint(file, o);
  ASSERT_FALSE(cp.has_value());
  EXPECT_EQ(cp.error().code, core::ErrorCode::Unsupported);
  EXPECT_NE(cp.error().message.find("--dtype float16"), std::string::npos) << cp.error().message;
  EXPECT_NE(cp.error().path.find("model.bin"), std::string::npos);
  o.dtype = WeightDType::Float32;
  EXPECT_TRUE(load_checkpoint(file, o).has_value());
}

// The CLI: --dtype on a command that loads a map, and info reporting what the weights are kept in.
TEST(WeightDtype, CliInfoAndScoreTakeDtype) {
  fixtures::LlamaSpec s;
  const auto w = fixtures::random_llama(s, 65);
  TempDir dir;
  write_folder(dir, fixtures::llama_config(s), w, DType::BF16);
  for (auto [flag, want] : {std::pair{"auto", "bfloat16"}, std::pair{"float32", "float32"}}) {
    const auto run = testsupport::run_cli({"info", "--json", "--model", dir.path().string(), "--dtype", flag});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    const auto doc = nlohmann::json::parse(run.out);
    EXPECT_EQ(doc["dtype"], "bfloat16");
    EXPECT_EQ(doc["weights_dtype"], want) << flag;
  }
  const auto bad = testsupport::run_cli({"info", "--model", dir.path().string(), "--dtype", "float64"});
  EXPECT_EQ(bad.exit_code, 2) << bad.err;
  EXPECT_NE(bad.err.find("--dtype"), std::string::npos) << bad.err;
}

// A bfloat16 weight's product: where LibTorch has oneDNN's bfloat16 GEMM (AVX-512), computed natively
// with its inputs and product rounded to bfloat16; elsewhere (AVX2, whose LibTorch product is a scalar
// loop) the weight widened, so exactly the float32 product of the stored weights.
TEST(WeightDtype, BFloat16ProductsAreNativeOnlyWhereOneDnnComputesThem) {
  at::manual_seed(12);
  const at::Tensor x = at::randn({37, 48}), w = at::randn({29, 48}).to(at::kBFloat16), b = at::randn({29});
  const at::Tensor wide = w.to(at::kFloat);
  const at::Tensor got = core::model::linear(x, w, b), want = at::linear(x, wide, b);
  at::Tensor rows = at::randn({37, 29}), expected_rows = rows.clone();
  core::model::add_linear_(rows, x, w);
  expected_rows.addmm_(x, wide.t());
  ASSERT_EQ(got.scalar_type(), at::kFloat);
  if (core::model::native_bfloat16()) {
    // bfloat16 keeps 8 bits: each product within a few parts in a hundred of the sum of |x w|.
    const at::Tensor scale = at::linear(x.abs(), wide.abs()) + b.abs();
    EXPECT_LT(((got - want).abs() / scale).max().item<double>(), 0.02);
    EXPECT_LT(((rows - expected_rows).abs() / (scale - b.abs() + 1)).max().item<double>(), 0.02);
  } else {
    EXPECT_TRUE(at::equal(got, want));
    EXPECT_TRUE(at::equal(rows, expected_rows));
  }
}
