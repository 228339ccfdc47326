#pragma once
// Tiny random-weight checkpoints of every supported model family, in the family's exact Hugging
// Face layout (config.json with the family's own field names, model.safetensors with its tensor
// names), plus a small byte-level BPE tokenizer.json, for the fidelity, CLI and GUI tests.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/model/checkpoint.h"
#include "core/model/safetensors_writer.h"

namespace testsupport {

// Every fixture: "llama3", "llama_linear", "qwen2_yarn", "qwen3", "phi3", "olmo2", "gemma2",
// "gemma3", "neox", "neox_sequential". Several exercise a sliding window shorter than
// kFamilyTestTokens.
const std::vector<std::string>& family_fixture_names();

constexpr std::int64_t kFamilyVocab = 265;       // 256 bytes, 8 merges, <|endoftext|>
constexpr std::int64_t kFamilyTestTokens = 20;   // the sequence length the fidelity tests use

struct FamilyFixture {
  std::string config_json;  // config.json text
  std::vector<core::model::NamedTensor> tensors;
};
FamilyFixture family_fixture(const std::string& name, std::uint64_t seed = 1);

// Writes config.json, model.safetensors (float32, or `dtype`) and tokenizer.json into `folder`
// (created if missing).
void write_family_folder(const std::filesystem::path& folder, const std::string& name, std::uint64_t seed = 1,
                         core::model::DType dtype = core::model::DType::F32);

// Load options for the fixtures: no weight hashing (the tests do not record them).
inline core::model::LoadOptions fixture_load_options() {
  core::model::LoadOptions o;
  o.hash_weights = false;
  return o;
}

// The byte-level BPE tokenizer.json the fixtures carry.
std::string family_tokenizer_json();

}  // namespace testsupport
