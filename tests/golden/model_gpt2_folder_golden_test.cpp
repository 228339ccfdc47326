// A GPT-2 Hugging Face folder end to end through the CLI: a tiny random GPT2LMHeadModel with the
// real 50,257-token vocabulary, its tokenizer (encoder.json + vocab.bpe) found in the folder.
// The weights are random, so the test pins the plumbing: prompt ids are GPT-2's own ("Hello world"
// is 15496, 995 in every GPT-2 tokenizer), generation continues the right number of tokens, and the
// greedy continuation is the argmax the library computes in-process.
#include <gtest/gtest.h>

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include "core/model/checkpoint.h"
#include "core/model/safetensors_writer.h"
#include "tests/support/test_support.h"
#include "tests/unit/model_fixtures.h"

using namespace core::model;

TEST(Gpt2Folder, SamplesWithTheRealVocabularyThroughTheCli) {
  CARTOGRAPH_REQUIRE_TEST_DATA(data);
  testsupport::TempDir dir;
  fixtures::Gpt2Spec s;
  s.vocab = 50257;
  s.positions = 64;
  fixtures::write_json(dir / "config.json", fixtures::gpt2_config(s));
  const auto w = fixtures::random_gpt2(s, 77);
  SafetensorsWriteOptions o;
  o.dtype = DType::F16;
  ASSERT_TRUE(write_safetensors_folder(dir.path(), fixtures::named(w), o));
  for (const char* f : {"encoder.json", "vocab.bpe"})
    std::filesystem::copy_file(data / "gpt2_tokenizer" / f, dir / f);

  const auto run = testsupport::run_cli({"sample", "--json", "--threads", "1", "--model", dir.path().string(),
                                         "--prompt", "Hello world", "--temperature", "0", "--max-new-tokens", "6"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto doc = nlohmann::json::parse(run.out);
  EXPECT_EQ(doc["prompt_ids"], nlohmann::json({15496, 995}));
  ASSERT_EQ(doc["ids"].size(), 6u);

  LoadOptions lo;
  lo.hash_weights = false;
  auto cp = load_checkpoint(dir.path(), lo);
  ASSERT_TRUE(cp) << cp.error().what();
  EXPECT_EQ(cp->info.dtype, "float16");
  ASSERT_TRUE(cp->tokenizer);
  std::vector<std::int64_t> seq = {15496, 995};
  for (const auto& id : doc["ids"]) {
    const at::Tensor logits = cp->model->logits(at::tensor(seq, at::kLong).unsqueeze(0));
    EXPECT_EQ(logits[0][-1].argmax().item<std::int64_t>(), id.get<std::int64_t>());
    seq.push_back(id.get<std::int64_t>());
  }
  std::vector<core::tokenize::TokenId> gen;
  for (const auto& id : doc["ids"]) gen.push_back(id.get<core::tokenize::TokenId>());
  EXPECT_EQ(doc["text"], cp->tokenizer->decode(gen));  // no BOS: the continuation decodes alone
}
