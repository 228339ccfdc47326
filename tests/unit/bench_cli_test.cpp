// `cartograph-cli bench --quick --json` on the tiny shapes: every figure the benchmark reports is
// present and sane (not its timings, which depend on the machine), the random-weight folders it
// writes are real checkpoints, and the PyTorch peer computed the same per-token metrics.
#include <gtest/gtest.h>

#include <ATen/Context.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "core/bench/synthetic_model.h"
#include "tests/support/test_support.h"

using nlohmann::json;
using testsupport::error_lines;
using testsupport::run_cli;
using testsupport::TempDir;

namespace {

bool positive(const json& v) { return v.is_number() && v.get<double>() > 0; }

TEST(BenchCli, QuickJsonReportsEveryFigureOnTinyModels) {
  TempDir cache;
  const auto run = run_cli({"bench", "--quick", "--json", "--cache-dir", cache.path().string()});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const json doc = json::parse(run.out);  // exactly one JSON document

  const json& peak = doc.at("matmul_peak");
  EXPECT_TRUE(positive(peak.at("gflops")));
  ASSERT_FALSE(peak.at("sizes").empty());
  for (const auto& s : peak["sizes"]) {
    EXPECT_TRUE(positive(s.at("gflops"))) << s;
    EXPECT_LE(s["gflops"].get<double>(), peak["gflops"].get<double>()) << "the peak is the best size";
  }

  ASSERT_EQ(doc.at("models").size(), 2u);
  for (const auto& m : doc["models"]) {
    SCOPED_TRACE(m.at("name").get<std::string>());
    // The folder the benchmark wrote is a Hugging Face checkpoint that `info` reads on its own.
    const std::filesystem::path folder = m.at("path").get<std::string>();
    EXPECT_EQ(folder.parent_path(), cache.path());
    const auto info = run_cli({"info", "--json", "--model", folder.string()});
    ASSERT_EQ(info.exit_code, 0) << info.err;
    const json described = json::parse(info.out);
    EXPECT_EQ(described.at("parameters"), m.at("parameters"));
    EXPECT_EQ(described.at("vocab_size"), m.at("vocab_size"));
    EXPECT_EQ(m.at("load").at("file_bytes").get<std::int64_t>(),
              std::int64_t(std::filesystem::file_size(folder / "model.safetensors")));
    EXPECT_GE(m["load"]["file_bytes"].get<std::int64_t>(), 4 * m["parameters"].get<std::int64_t>());
    for (const char* key : {"read_seconds", "read_copy_seconds", "load_seconds", "ready_seconds", "forward_seconds"})
      EXPECT_TRUE(positive(m["load"].at(key))) << key;
    EXPECT_GE(m["load"].at("ratio").get<double>(), 0.0);
    EXPECT_LE(m["load"]["overhead_seconds"].get<double>(), m["load"]["ready_seconds"].get<double>());

    ASSERT_FALSE(m.at("scoring").empty());
    for (const auto& s : m["scoring"]) {
      const auto context = s.at("context").get<std::int64_t>(), batch = s.at("batch").get<std::int64_t>();
      EXPECT_EQ(s.at("tokens").get<std::int64_t>(), batch * (context - 1)) << "every position but the first";
      EXPECT_TRUE(positive(s.at("tokens_per_second"))) << s;
      EXPECT_TRUE(positive(s.at("gflops"))) << s;
      EXPECT_TRUE(positive(s.at("peak_rss_bytes"))) << s;
      // Achieved FLOP/s over the measured peak: above 0, and not beyond what noise on a shared
      // machine could explain (a wrong FLOP count would be off by factors).
      for (const char* key : {"ratio_to_peak", "cpu_ratio_to_peak"}) {
        const double ratio = s.at(key).get<double>();
        EXPECT_GT(ratio, 0.0) << key;
        EXPECT_LT(ratio, 2.0) << key;
      }
      // Random tokens under a random model: no better than guessing (GPT-2's tied embeddings make
      // a random model predict the current token again, so the loss is well above log(vocab)).
      const double nll = s.at("nll_mean").get<double>();
      EXPECT_TRUE(std::isfinite(nll));
      EXPECT_GT(nll, 0.5 * std::log(m["vocab_size"].get<double>()));
    }

    // The peer scored the same ids with plain PyTorch: same tokens, same numbers.
    const json& peer = m.at("peer");
    EXPECT_TRUE(positive(peer.at("tokens_per_second")));
    EXPECT_EQ(peer.at("tokens"), peer.at("ours").at("tokens"));
    const double ratio = peer.at("ratio").get<double>();
    EXPECT_GT(ratio, 0.0);
    EXPECT_LT(ratio, 1000.0);
    const json& agree = peer.at("agreement");
    EXPECT_GE(agree.at("positions").get<std::int64_t>(), 32);
    EXPECT_LT(agree.at("max_abs_logp").get<double>(), 1e-3);
    EXPECT_LT(agree.at("max_abs_entropy").get<double>(), 1e-3);
    EXPECT_GE(agree.at("rank_agreement").get<double>(), 0.95);
    EXPECT_EQ(agree.at("top1_agreement").get<double>(), 1.0);
    EXPECT_LT(agree.at("nll_mean_difference").get<double>(), 1e-4);
  }

  // Sampling four maps side by side: every column advanced each step, both speeds measured.
  for (const auto& m : doc["models"]) {
    const json& sampling = m.at("sampling");
    EXPECT_EQ(sampling.at("columns").get<int>(), 4);
    EXPECT_EQ(sampling.at("tokens").get<std::int64_t>(), 16);
    EXPECT_TRUE(positive(sampling.at("single_tokens_per_second"))) << sampling;
    EXPECT_TRUE(positive(sampling.at("side_by_side_steps_per_second"))) << sampling;
    EXPECT_NEAR(sampling.at("ratio").get<double>(),
                sampling["side_by_side_steps_per_second"].get<double>() / sampling["single_tokens_per_second"].get<double>(),
                1e-9);
  }

  const json& session = doc.at("session");
  EXPECT_EQ(session.at("maps").get<int>(), 3);
  EXPECT_GT(session.at("positions").get<std::int64_t>(), 0);
  EXPECT_TRUE(positive(session.at("open_ms")));
  EXPECT_TRUE(positive(session.at("file_bytes")));

  // Six targets per model, each judged (true/false) or marked as not measured (null).
  ASSERT_EQ(doc.at("targets").size(), 12u);
  for (const auto& t : doc["targets"]) {
    EXPECT_TRUE(t.at("met").is_boolean() || t["met"].is_null()) << t;
    EXPECT_TRUE(t.at("threshold").is_number()) << t;
  }
  const json& machine = doc.at("machine");
  EXPECT_GE(machine.at("cores").get<int>(), 1);
  EXPECT_GE(machine.at("threads").get<int>(), 1);
  EXPECT_EQ(machine.at("device"), "cpu");
  // The benchmark runs with passive OpenMP waiting and sleeping BLAS threads unless the caller chose otherwise.
  const char* policy = std::getenv("OMP_WAIT_POLICY");
  EXPECT_EQ(machine.at("omp_wait_policy"), policy ? policy : "PASSIVE");
  const char* spin = std::getenv("GOMP_SPINCOUNT");
  EXPECT_EQ(machine.at("omp_spin_count"), spin ? spin : (policy ? "" : "4000"));
  const char* timeout = std::getenv("OPENBLAS_THREAD_TIMEOUT");
  EXPECT_EQ(machine.at("blas_thread_timeout"), timeout ? timeout : "4");
}

TEST(BenchCli, TableIsPrintedWithoutJson) {
  TempDir cache;
  const auto run = run_cli({"bench", "--quick", "--no-peer", "--models", "gpt2-tiny", "--session-positions", "0",
                            "--cache-dir", cache.path().string()});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("matmul peak"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("gpt2-tiny"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("targets"), std::string::npos) << run.out;
  EXPECT_EQ(run.out.find("llama-tiny"), std::string::npos) << "only the model asked for";
}

TEST(BenchCli, CudaWithoutCudaIsOneClearError) {
  if (at::hasCUDA()) GTEST_SKIP() << "this LibTorch has CUDA; the error path cannot be reached";
  const auto run = run_cli({"bench", "--quick", "--device", "cuda"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_TRUE(run.out.empty()) << run.out;
  EXPECT_EQ(error_lines(run.err), 1) << run.err;
  EXPECT_NE(run.err.find("CUDA"), std::string::npos) << run.err;
}

TEST(BenchCli, UnknownModelAndDeviceAreRefused) {
  const auto device = run_cli({"bench", "--quick", "--device", "tpu"});
  EXPECT_EQ(device.exit_code, 2) << device.err;
  const auto model = run_cli({"bench", "--quick", "--models", "gpt5-huge"});
  EXPECT_EQ(model.exit_code, 1) << model.err;
  EXPECT_EQ(error_lines(model.err), 1) << model.err;
  EXPECT_NE(model.err.find("gpt5-huge"), std::string::npos) << model.err;
}

}  // namespace

namespace {

TEST(BenchCli, ScoreOnCudaWithoutCudaIsOneClearError) {
  if (at::hasCUDA()) GTEST_SKIP() << "this LibTorch has CUDA; the error path cannot be reached";
  TempDir dir;
  const auto folder = core::bench::random_hf_model(*core::bench::find_shape("gpt2-tiny"), dir.path(), 1);
  ASSERT_TRUE(folder) << folder.error().message;
  const auto run = run_cli({"score", "--model", folder->string(), "--tokenizer", "none", "--text", "1 2 3", "--device", "cuda"});
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_EQ(error_lines(run.err), 1) << run.err;
  EXPECT_NE(run.err.find("without CUDA"), std::string::npos) << run.err;
}

}  // namespace
