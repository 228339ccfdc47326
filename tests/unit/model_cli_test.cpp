// `info` and `sample` on bad input: exit 1, one `error:` line naming the file and the problem,
// nothing on stdout, quickly and without a crash.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstring>
#include <sstream>

#include "core/model/safetensors_writer.h"
#include "tests/support/test_support.h"
#include "tests/unit/model_fixtures.h"

using testsupport::run_cli;
using testsupport::TempDir;

namespace {

void expect_clean_failure(const std::vector<std::string>& args, const std::string& file, const std::string& says) {
  const auto start = std::chrono::steady_clock::now();
  const auto run = run_cli(args);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(run.exit_code, 1) << says << "\n" << run.err;
  EXPECT_TRUE(run.out.empty()) << run.out;
  // Progress lines may precede it; exactly one line is the error, and it says what and where.
  std::vector<std::string> errors;
  std::istringstream lines(run.err);
  for (std::string line; std::getline(lines, line);)
    if (line.starts_with("error: ")) errors.push_back(line);
  ASSERT_EQ(errors.size(), 1u) << run.err;
  EXPECT_NE(errors[0].find(file), std::string::npos) << "error does not name " << file << ": " << run.err;
  EXPECT_NE(errors[0].find(says), std::string::npos) << run.err;
  EXPECT_LT(seconds, 10.0);
}

// A safetensors file: the 8-byte length (the header's own, unless `n` lies), header, data.
std::string header_bytes(const std::string& header, const std::string& data, std::int64_t n = -1) {
  const std::uint64_t length = n >= 0 ? std::uint64_t(n) : header.size();
  std::string out(8, '\0');
  std::memcpy(out.data(), &length, 8);
  return out + header + data;
}

}  // namespace

TEST(ModelCli, MalformedCheckpointsExitOneWithAnErrorLine) {
  TempDir dir;
  fixtures::LlamaSpec s;
  const auto w = fixtures::random_llama(s, 9);
  auto folder = [&](const std::string& name, const std::string& weights_bytes) {
    const auto p = dir / name;
    std::filesystem::create_directories(p);
    fixtures::write_json(p / "config.json", fixtures::llama_config(s));
    testsupport::write_file(p / "model.safetensors", weights_bytes);
    return p.string();
  };
  const std::string ok_header = R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})";
  const std::string data(8, '\0');

  // A well-formed folder to break in targeted ways.
  const auto good = dir / "good";
  std::filesystem::create_directories(good);
  fixtures::write_json(good / "config.json", fixtures::llama_config(s));
  ASSERT_TRUE(core::model::write_safetensors_folder(good, fixtures::named(w)));
  const std::string good_bytes = testsupport::read_file(good / "model.safetensors");

  struct Case {
    std::string path, names, says;
  } cases[] = {
      {folder("truncated", good_bytes.substr(0, good_bytes.size() / 2)), "model.safetensors", "past the end"},
      {folder("lying", header_bytes(ok_header, data, 1 << 20)), "model.safetensors", "header length runs past"},
      {folder("garbage", header_bytes("{\"a\": nope}", data)), "model.safetensors", "not valid JSON"},
      {folder("dtype", header_bytes(R"({"a":{"dtype":"U16","shape":[4],"data_offsets":[0,8]}})", data)),
       "model.safetensors", "dtype U16"},
      {folder("overlap",
              header_bytes(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})",
                           data)),
       "model.safetensors", "overlap"},
      {folder("missing", header_bytes(ok_header, data)), "missing", "model.embed_tokens.weight"},
  };
  // Shape mismatch: a valid file whose embedding is one row short.
  {
    auto bad = w;
    bad["model.embed_tokens.weight"] = fixtures::Weight{{s.vocab - 1, s.dim},
                                                        std::vector<float>(std::size_t((s.vocab - 1) * s.dim), 0.f)};
    const auto p = dir / "shape";
    std::filesystem::create_directories(p);
    fixtures::write_json(p / "config.json", fixtures::llama_config(s));
    ASSERT_TRUE(core::model::write_safetensors_folder(p, fixtures::named(bad)));
    expect_clean_failure({"info", "--model", p.string()}, "shape/model.safetensors", "[36, 16]");
  }
  for (const auto& c : cases) expect_clean_failure({"info", "--model", c.path}, c.names, c.says);
  // sample goes through the same loader (each CLI start costs LibTorch's load time, so two suffice).
  expect_clean_failure({"sample", "--model", cases[0].path}, cases[0].names, cases[0].says);
  expect_clean_failure({"sample", "--model", cases[5].path}, cases[5].names, cases[5].says);

  // llama2.c: a file whose size disagrees with its header.
  fixtures::write_llama2c(dir / "m.bin", s, w);
  std::string bin = testsupport::read_file(dir / "m.bin");
  testsupport::write_file(dir / "short.bin", bin.substr(0, bin.size() - 100));
  expect_clean_failure({"info", "--model", (dir / "short.bin").string()}, "short.bin", "does not match its header");

  // TorchScript without trust.
  testsupport::write_file(dir / "m.pt", std::string("PK\x03\x04", 4) + "m/code/__torch__/m.py");
  expect_clean_failure({"info", "--model", (dir / "m.pt").string()}, "m.pt", "--trust-torchscript");

  expect_clean_failure({"info", "--model", (dir / "absent").string()}, "absent", "not found");
}

TEST(ModelCli, InfoDescribesATinyCheckpoint) {
  TempDir dir;
  fixtures::LlamaSpec s;
  const auto w = fixtures::random_llama(s, 10);
  fixtures::write_llama2c(dir / "m.bin", s, w);
  const auto run = run_cli({"info", "--json", "--model", (dir / "m.bin").string()});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto doc = nlohmann::json::parse(run.out);
  for (const char* key : {"format", "architecture", "parameters", "vocab_size", "context_length", "dtype", "sha256"})
    EXPECT_TRUE(doc.contains(key)) << key;
  EXPECT_EQ(doc["format"], "llama2c");
  EXPECT_EQ(doc["vocab_size"], s.vocab);
  EXPECT_EQ(doc["context_length"], s.context);
  std::int64_t params = 0;
  for (const auto& [_, t] : w) params += std::int64_t(t.data.size());
  EXPECT_EQ(doc["parameters"], params);
  EXPECT_EQ(doc["tokenizer"], nullptr);
  EXPECT_NE(run.err.find("warning: no tokenizer"), std::string::npos) << run.err;

  // sample needs a tokenizer: a clear error, not a crash.
  const auto sample = run_cli({"sample", "--model", (dir / "m.bin").string()});
  EXPECT_EQ(sample.exit_code, 1);
  EXPECT_NE(sample.err.find("--tokenizer"), std::string::npos) << sample.err;
  // Bad option values are usage errors.
  EXPECT_EQ(run_cli({"sample", "--model", (dir / "m.bin").string(), "--temperature", "-1"}).exit_code, 2);
  EXPECT_EQ(run_cli({"sample", "--model", (dir / "m.bin").string(), "--top-p", "0"}).exit_code, 2);
}

// shift decodes from prompts and runs no windows over a territory: the window options would be
// ignored, so they are refused as usage errors naming the option (exit 2), before any map loads.
TEST(ModelCli, ShiftRefusesTheWindowOptionsItHasNoUseFor) {
  TempDir dir;
  fixtures::LlamaSpec s;
  fixtures::write_llama2c(dir / "m.bin", s, fixtures::random_llama(s, 10));
  testsupport::write_file(dir / "prompts.txt", "Once upon a time\n");
  const std::vector<std::string> base = {"shift", "--base", (dir / "m.bin").string(), "--tuned",
                                         (dir / "m.bin").string(), "--prompts", (dir / "prompts.txt").string()};
  for (const char* option : {"--top-k", "--context", "--stride", "--batch"}) {
    auto args = base;
    args.insert(args.end(), {option, "4"});
    const auto run = run_cli(args);
    EXPECT_EQ(run.exit_code, 2) << option << ": " << run.err;
    EXPECT_NE(run.err.find(option), std::string::npos) << run.err;
  }
  // Without them it gets as far as the maps (this one has no tokenizer: a clear error, exit 1).
  const auto run = run_cli(base);
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_NE(run.err.find("tokenizer"), std::string::npos) << run.err;
}
