#pragma once
// The format readers behind load_checkpoint (internal to core/model). Each validates its whole
// input before allocating and returns the model plus what it learned about the checkpoint; weight
// hashing and the tokenizer are load_checkpoint's business.
#include <filesystem>
#include <memory>

#include "core/error.h"
#include "core/jobs/job.h"
#include "core/model/checkpoint.h"
#include "core/model/language_model.h"

namespace core::model {

struct LoadedModel {
  std::shared_ptr<const LanguageModel> model;
  CheckpointInfo info;  // everything but the hashes
  // The tokenizer the checkpoint carries inside itself (GGUF metadata); null for other formats.
  std::shared_ptr<const tokenize::Tokenizer> tokenizer;
};

// A Hugging Face folder: config.json + model.safetensors or a sharded index.
Result<LoadedModel> load_hf_folder(const std::filesystem::path& folder, const LoadOptions& options, Job& job);
// A llama2.c export: the legacy 7-int header, or the version-1 "ak42" header.
Result<LoadedModel> load_llama2c(const std::filesystem::path& file, const LoadOptions& options, Job& job);
// A TorchScript archive (a zip); refused unless options.trust_torchscript.
Result<LoadedModel> load_torchscript(const std::filesystem::path& file, const LoadOptions& options, Job& job);

// A GGUF file (versions 2 and 3): llama, mistral, qwen2 and gpt2, with the tokenizer in its metadata.
Result<LoadedModel> load_gguf(const std::filesystem::path& file, const LoadOptions& options, Job& job);

// Whether a file starts like a zip archive (how TorchScript is saved).
bool looks_like_zip(const std::filesystem::path& file);

}  // namespace core::model
