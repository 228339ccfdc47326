// TorchScript checkpoints: a tiny module scripted by Debian's PyTorch (the same 1.13 as LibTorch),
// whose logits PyTorch itself computes for comparison.
#include <gtest/gtest.h>

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <cstdlib>

#include "core/model/checkpoint.h"
#include "core/model/sampling.h"
#include "tests/support/test_support.h"

using namespace core::model;
using testsupport::TempDir;

namespace {

constexpr const char* kScript = R"(
import json, sys, torch
class Tiny(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = torch.nn.Embedding(11, 8)
        self.out = torch.nn.Linear(8, 11)
        self.context_length = 16
    def forward(self, input_ids):
        return self.out(torch.tanh(torch.cumsum(self.emb(input_ids), dim=1)))
torch.manual_seed(0)
m = torch.jit.script(Tiny())
m.save(sys.argv[1])
ids = torch.tensor([[1, 2, 3, 4, 5], [6, 7, 8, 9, 10]])
with torch.no_grad():
    json.dump({"logits": m(ids).tolist(), "params": sum(p.numel() for p in m.parameters())}, open(sys.argv[2], "w"))
)";

}  // namespace

TEST(TorchScript, TrustedModuleComputesWhatPyTorchComputes) {
  if (!std::filesystem::exists("/usr/bin/python3"))
    GTEST_SKIP() << "Debian's /usr/bin/python3 (with python3-torch) is needed to script a module";
  TempDir dir;
  testsupport::write_file(dir / "make.py", kScript);
  const std::string cmd = "/usr/bin/python3 " + (dir / "make.py").string() + " " + (dir / "tiny.pt").string() + " " +
                          (dir / "want.json").string() + " 2>" + (dir / "py.err").string();
  ASSERT_EQ(std::system(cmd.c_str()), 0) << testsupport::read_file(dir / "py.err");
  const auto want = nlohmann::json::parse(testsupport::read_file(dir / "want.json"));

  LoadOptions o;
  o.hash_weights = false;
  auto refused = load_checkpoint(dir / "tiny.pt", o);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, core::ErrorCode::Unsupported);

  o.trust_torchscript = true;
  auto cp = load_checkpoint(dir / "tiny.pt", o);
  ASSERT_TRUE(cp) << cp.error().what();
  EXPECT_EQ(cp->info.format, "torchscript");
  EXPECT_EQ(cp->info.vocab_size, 11);
  EXPECT_EQ(cp->info.context_length, 16);
  EXPECT_EQ(cp->info.parameters, want["params"].get<std::int64_t>());
  EXPECT_FALSE(cp->model->has_hidden_states());

  const at::Tensor ids = at::arange(1, 11, at::kLong).view({2, 5});
  const at::Tensor got = cp->model->logits(ids);
  ASSERT_EQ(got.sizes(), (std::vector<std::int64_t>{2, 5, 11}));
  double worst = 0;
  for (int b = 0; b < 2; ++b)
    for (int t = 0; t < 5; ++t)
      for (int v = 0; v < 11; ++v)
        worst = std::max(worst, std::abs(got[b][t][v].item<double>() - want["logits"][b][t][v].get<double>()));
  EXPECT_LT(worst, 1e-6);

  // decode_step without a cache recomputes: the last position of the full forward.
  auto cache = cp->model->new_cache(2);
  cp->model->decode_step(ids.narrow(1, 0, 3), *cache);
  const at::Tensor step = cp->model->decode_step(ids.narrow(1, 3, 2), *cache);
  EXPECT_TRUE(at::allclose(step, got.select(1, 4), 0, 1e-6));
  EXPECT_EQ(cache->length(), 5);

  SampleOptions so;
  so.temperature = 0;
  so.max_new_tokens = 20;
  auto r = generate(*cp->model, std::vector<core::tokenize::TokenId>{3}, so);
  ASSERT_TRUE(r) << r.error().what();
  EXPECT_EQ(r->ids.size(), 16u);  // stops at the stated context of 16

  const auto run = testsupport::run_cli({"info", "--json", "--trust-torchscript", "--model", (dir / "tiny.pt").string()});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto doc = nlohmann::json::parse(run.out);
  EXPECT_EQ(doc["format"], "torchscript");
  EXPECT_EQ(doc["vocab_size"], 11);
  EXPECT_EQ(doc["parameters"], want["params"]);
}
