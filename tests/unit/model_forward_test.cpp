// Forward passes against a naive reference (tests/unit/model_fixtures.h: plain loops in double,
// no ATen) for tiny random models written to disk as real exporters write them.
#include <gtest/gtest.h>

#include <ATen/ATen.h>

#include "core/model/checkpoint.h"
#include "core/model/safetensors_writer.h"
#include "tests/support/test_support.h"
#include "tests/unit/model_fixtures.h"

using namespace core::model;
using testsupport::TempDir;

namespace {

using fixtures::no_hash;

at::Tensor ids_tensor(const std::vector<std::vector<int>>& rows) {
  std::vector<std::int64_t> flat;
  for (const auto& r : rows) flat.insert(flat.end(), r.begin(), r.end());
  return at::tensor(flat, at::kLong).view({std::int64_t(rows.size()), std::int64_t(rows[0].size())});
}

const std::vector<std::vector<int>> kIds = {{1, 5, 9, 2, 33, 7, 0, 12, 30}, {4, 4, 17, 36, 8, 21, 3, 11, 2}};

Checkpoint write_and_load_hf(const TempDir& dir, const nlohmann::json& config, const fixtures::Weights& w,
                             SafetensorsWriteOptions write = {}) {
  fixtures::write_json(dir / "config.json", config);
  EXPECT_TRUE(write_safetensors_folder(dir.path(), fixtures::named(w), write).has_value());
  auto cp = load_checkpoint(dir.path(), no_hash());
  EXPECT_TRUE(cp.has_value()) << (cp ? "" : cp.error().what());
  return cp ? *cp : Checkpoint{};
}

}  // namespace

TEST(ModelForward, Qwen2WithGqaBiasesAndUntiedHeadMatchesNaiveReference) {
  fixtures::LlamaSpec s;
  s.qkv_bias = true;
  s.theta = 1e6;
  const auto w = fixtures::random_llama(s, 11);
  TempDir dir;
  const auto cp = write_and_load_hf(dir, fixtures::llama_config(s, "Qwen2ForCausalLM"), w);
  ASSERT_TRUE(cp.model);
  EXPECT_TRUE(cp.model->config().qkv_bias);
  EXPECT_EQ(cp.model->config().n_kv_heads, 2);
  const at::Tensor logits = cp.model->logits(ids_tensor(kIds));
  ASSERT_EQ(logits.sizes(), (std::vector<std::int64_t>{2, 9, 37}));
  for (std::size_t b = 0; b < kIds.size(); ++b)
    EXPECT_LT(fixtures::max_abs_diff(logits[std::int64_t(b)], fixtures::naive_llama(s, w, kIds[b], false)), 1e-4)
        << "sequence " << b;
}

TEST(ModelForward, TiedLlamaMatchesNaiveReferenceAndTrunkHeadCompose) {
  fixtures::LlamaSpec s;
  s.tied = true;
  s.kv_heads = 1;
  const auto w = fixtures::random_llama(s, 12);
  TempDir dir;
  const auto cp = write_and_load_hf(dir, fixtures::llama_config(s), w);
  ASSERT_TRUE(cp.model);
  const at::Tensor ids = ids_tensor(kIds);
  const at::Tensor logits = cp.model->logits(ids);
  EXPECT_LT(fixtures::max_abs_diff(logits[1], fixtures::naive_llama(s, w, kIds[1], false)), 1e-4);
  // trunk gives [B, T, dim] hidden states; head maps any [N, dim] rows, e.g. three positions only.
  const at::Tensor h = cp.model->trunk(ids);
  EXPECT_EQ(h.sizes(), (std::vector<std::int64_t>{2, 9, 16}));
  EXPECT_TRUE(cp.model->has_hidden_states());
  const at::Tensor rows = at::stack({h[0][0], h[1][4], h[1][8]});
  const at::Tensor some = cp.model->head(rows);
  EXPECT_TRUE(at::allclose(some[1], logits[1][4], 0, 1e-6));
  EXPECT_TRUE(at::allclose(some[2], logits[1][8], 0, 1e-6));
  EXPECT_EQ(cp.model->parameter_count(), [&] {
    std::int64_t n = 0;
    for (const auto& [_, t] : w) n += std::int64_t(t.data.size());
    return n;
  }());
}

TEST(ModelForward, Llama2cUntiedGqaMatchesNaiveReferenceWithAdjacentPairs) {
  fixtures::LlamaSpec s;
  s.eps = 1e-5;  // what llama2.c's run.c uses; its header has no field for it
  const auto w = fixtures::random_llama(s, 13);
  TempDir dir;
  fixtures::write_llama2c(dir / "tiny.bin", s, w);
  auto cp = load_checkpoint(dir / "tiny.bin", no_hash());
  ASSERT_TRUE(cp) << cp.error().what();
  EXPECT_EQ(cp->model->config().rope_pairing, RopePairing::Adjacent);
  EXPECT_FALSE(cp->model->config().tied_embeddings);
  const at::Tensor logits = cp->model->logits(ids_tensor(kIds));
  for (std::size_t b = 0; b < kIds.size(); ++b)
    EXPECT_LT(fixtures::max_abs_diff(logits[std::int64_t(b)], fixtures::naive_llama(s, w, kIds[b], true)), 1e-4);
  // The same numbers read as HF (halves) compute something else: the pairing really matters.
  EXPECT_GT(fixtures::max_abs_diff(logits[0], fixtures::naive_llama(s, w, kIds[0], false)), 1e-3);
}

TEST(ModelForward, Gpt2MatchesNaiveReferenceWithAndWithoutTransformerPrefix) {
  fixtures::Gpt2Spec s;
  for (const std::string prefix : {"transformer.", ""}) {
    const auto w = fixtures::random_gpt2(s, 21, prefix);
    TempDir dir;
    const auto cp = write_and_load_hf(dir, fixtures::gpt2_config(s), w);
    ASSERT_TRUE(cp.model) << prefix;
    EXPECT_EQ(cp.info.architecture, "gpt2");
    const std::vector<std::vector<int>> ids = {{40, 3, 3, 17, 0, 22, 9}, {1, 2, 3, 4, 5, 6, 7}};
    const at::Tensor logits = cp.model->logits(ids_tensor(ids));
    for (std::size_t b = 0; b < ids.size(); ++b)
      EXPECT_LT(fixtures::max_abs_diff(logits[std::int64_t(b)], fixtures::naive_gpt2(s, w, ids[b], prefix)), 1e-4)
          << "prefix '" << prefix << "' sequence " << b;
  }
}

// trunk_from (the engine's call for a window whose first positions are context only) gives the full
// forward's rows from the first kept position on, for GPT-2's fused projection and llama2.c's layout.
TEST(ModelForward, TrunkFromKeepsTheFullForwardsLaterRows) {
  fixtures::Gpt2Spec gs;
  fixtures::LlamaSpec ls;
  TempDir a, b;
  const auto gpt2 = write_and_load_hf(a, fixtures::gpt2_config(gs), fixtures::random_gpt2(gs, 41));
  fixtures::write_llama2c(b / "tiny.bin", ls, fixtures::random_llama(ls, 42));
  auto llama2c = load_checkpoint(b / "tiny.bin", no_hash());
  ASSERT_TRUE(gpt2.model && llama2c) << (llama2c ? "" : llama2c.error().what());
  const at::Tensor ids = ids_tensor({{1, 5, 9, 2, 33, 7, 0}, {4, 4, 17, 36, 8, 21, 3}});
  for (const auto* model : {gpt2.model.get(), llama2c->model.get()}) {
    const at::Tensor full = model->trunk(ids);
    for (std::int64_t from = 0; from < 7; ++from) {
      const at::Tensor kept = model->trunk_from(ids, from);
      ASSERT_EQ(kept.size(1), 7 - from);
      EXPECT_LT((kept - full.narrow(1, from, 7 - from)).abs().max().item<double>(), 1e-6)
          << model->config().n_layers << " layers, from " << from;
    }
  }
}

TEST(ModelForward, KvCacheDecodingEqualsFullForward) {
  fixtures::LlamaSpec ls;
  ls.qkv_bias = true;
  fixtures::Gpt2Spec gs;
  TempDir a, b;
  const auto llama = write_and_load_hf(a, fixtures::llama_config(ls, "Qwen2ForCausalLM"), fixtures::random_llama(ls, 31));
  const auto gpt2 = write_and_load_hf(b, fixtures::gpt2_config(gs), fixtures::random_gpt2(gs, 32));
  for (const auto* cp : {&llama, &gpt2}) {
    ASSERT_TRUE(cp->model);
    const at::Tensor ids = ids_tensor(kIds);
    const at::Tensor full = cp->model->logits(ids);
    // Prefill a chunk of 3, then one token at a time, for the whole batch.
    auto cache = cp->model->new_cache(2);
    at::Tensor last = cp->model->decode_step(ids.narrow(1, 0, 3), *cache);
    EXPECT_EQ(cache->length(), 3);
    EXPECT_LT((last - full.select(1, 2)).abs().max().item<double>(), 1e-5);
    for (std::int64_t t = 3; t < ids.size(1); ++t) {
      last = cp->model->decode_step(ids.narrow(1, t, 1), *cache);
      EXPECT_LT((last - full.select(1, t)).abs().max().item<double>(), 1e-5) << "position " << t;
    }
    EXPECT_EQ(cache->length(), ids.size(1));
  }
}

TEST(ModelForward, KvCacheRefusesToRunPastTheContext) {
  fixtures::LlamaSpec s;
  s.context = 8;
  TempDir dir;
  const auto cp = write_and_load_hf(dir, fixtures::llama_config(s), fixtures::random_llama(s, 41));
  ASSERT_TRUE(cp.model);
  auto cache = cp.model->new_cache(1);
  cp.model->decode_step(at::zeros({1, 8}, at::kLong), *cache);
  EXPECT_THROW(cp.model->decode_step(at::zeros({1, 1}, at::kLong), *cache), std::length_error);
  EXPECT_THROW(cp.model->logits(at::full({1, 2}, 37, at::kLong)), std::invalid_argument);  // id == vocab
}

// Half-precision files hold rounded weights; widened to float32 the model must compute exactly the
// rounded model, so the reference runs on the same rounded numbers.
TEST(ModelForward, HalfPrecisionAndShardedFoldersComputeTheRoundedModel) {
  fixtures::LlamaSpec s;
  const auto w = fixtures::random_llama(s, 51);
  const at::Tensor ids = ids_tensor({kIds[0]});
  for (auto [dtype, sharded] : {std::tuple{DType::F32, true}, std::tuple{DType::F16, false}, std::tuple{DType::BF16, true}}) {
    fixtures::Weights rounded = w;
    const auto type = dtype == DType::F16 ? at::kHalf : dtype == DType::BF16 ? at::kBFloat16 : at::kFloat;
    for (auto& [name, t] : rounded) {
      const at::Tensor r = fixtures::to_tensor(t).to(type).to(at::kFloat).contiguous();
      std::copy(r.data_ptr<float>(), r.data_ptr<float>() + r.numel(), t.data.begin());
    }
    if (dtype != DType::F32) {
      EXPECT_NE(rounded.begin()->second.data, w.begin()->second.data);
    }
    TempDir dir;
    SafetensorsWriteOptions write;
    write.dtype = dtype;
    write.max_shard_bytes = sharded ? 4096 : 0;
    const auto cp = write_and_load_hf(dir, fixtures::llama_config(s), w, write);
    ASSERT_TRUE(cp.model);
    EXPECT_EQ(cp.info.dtype, torch_name(dtype));
    if (sharded) {
      EXPECT_GT(cp.info.weights.size(), 2u);
    }
    // Widened at load (--dtype float32), the model is exactly the rounded model; kept as stored,
    // float16 widens per product (the same numbers) while bfloat16 computes natively and is
    // pinned against this path in tests/unit/model_dtype_test.cpp.
    auto wide_options = no_hash();
    wide_options.dtype = WeightDType::Float32;
    const auto wide = load_checkpoint(dir.path(), wide_options);
    ASSERT_TRUE(wide) << wide.error().what();
    const auto reference = fixtures::naive_llama(s, rounded, kIds[0], false);
    EXPECT_LT(fixtures::max_abs_diff(wide->model->logits(ids)[0], reference), 1e-4) << torch_name(dtype);
    if (dtype != DType::BF16) {
      EXPECT_LT(fixtures::max_abs_diff(cp.model->logits(ids)[0], reference), 1e-4) << torch_name(dtype);
    }
  }
}

// The two homes of float32 weights on the CPU (LoadOptions::weight_memory) hold the same numbers: a
// model read into memory computes exactly what the mapped one does, and keeps computing it after the
// folder is rewritten with other weights. The vocabulary is large enough (20000 x 16 floats, 1.3 MB)
// for the embedding to take the huge-page path of the read.
TEST(ModelForward, WeightsReadIntoMemoryMatchTheMappedOnesAndOutliveARewrite) {
  fixtures::LlamaSpec s;
  s.vocab = 20000;
  const auto w = fixtures::random_llama(s, 21);
  TempDir dir;
  fixtures::write_json(dir / "config.json", fixtures::llama_config(s));
  ASSERT_TRUE(write_safetensors_folder(dir.path(), fixtures::named(w)));
  auto read_options = no_hash(), map_options = no_hash();
  read_options.weight_memory = WeightMemory::Read;
  map_options.weight_memory = WeightMemory::Map;
  auto read = load_checkpoint(dir.path(), read_options);
  auto mapped = load_checkpoint(dir.path(), map_options);
  ASSERT_TRUE(read) << read.error().what();
  ASSERT_TRUE(mapped) << mapped.error().what();
  const at::Tensor ids = ids_tensor({{1, 19999, 9, 2, 12345, 7}});
  const at::Tensor before = read->model->logits(ids);
  EXPECT_TRUE(at::equal(before, mapped->model->logits(ids)));
  EXPECT_LT(fixtures::max_abs_diff(before[0], fixtures::naive_llama(s, w, {1, 19999, 9, 2, 12345, 7}, false)), 1e-4);

  ASSERT_TRUE(write_safetensors_folder(dir.path(), fixtures::named(fixtures::random_llama(s, 22))));
  EXPECT_TRUE(at::equal(read->model->logits(ids), before));
  auto reloaded = load_checkpoint(dir.path(), read_options);
  ASSERT_TRUE(reloaded);
  EXPECT_FALSE(at::equal(reloaded->model->logits(ids), before));  // the rewrite did happen
}
