#pragma once
// core::model::write_hf_llama: writes a loaded Llama-family model as a Hugging Face folder
// (config.json + safetensors, optionally sharded, + its tokenizer file), for tests and the demo.
// A llama2.c model rotates adjacent pairs; Hugging Face Llama rotates halves, so wq/wk rows (and
// q/k biases) are permuted per head exactly as transformers' conversion script does, and the folder
// computes the same function. Stateless; safe from any thread.
#include <cstdint>
#include <filesystem>
#include <optional>

#include "core/error.h"
#include "core/model/language_model.h"
#include "core/model/safetensors.h"

namespace core::model {

struct HfExportOptions {
  DType dtype = DType::F32;
  std::int64_t max_shard_bytes = 0;        // 0 = one model.safetensors; else shards + index
  std::filesystem::path tokenizer_file;    // copied into the folder (a llama2.c .bin as tokenizer.bin)
  // A llama2.c tokenizer_file is written as Hugging Face's tokenizer.json + tokenizer_config.json
  // (core/tokenize/tokenizer_json_writer.h) instead of being copied.
  bool tokenizer_as_json = false;
  std::optional<std::int64_t> bos_token_id;
  std::optional<std::int64_t> eos_token_id;
};

// `folder` is created if needed. Refuses models that are not LlamaModel (GPT-2, TorchScript).
Result<void> write_hf_llama(const LanguageModel& model, const std::filesystem::path& folder,
                            const HfExportOptions& options = {});

}  // namespace core::model
