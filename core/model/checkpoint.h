#pragma once
// core::model::Checkpoint: a loaded map (model + tokenizer) and what it is, for `info` and the session.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/jobs/job.h"
#include "core/model/language_model.h"
#include "core/model/weight_dtype.h"
#include "core/tokenize/tokenizer.h"

namespace core::model {

struct WeightFile {
  std::string path;
  std::string sha256;  // hex
  std::int64_t bytes = 0;
};

struct CheckpointInfo {
  std::string path;          // what the user gave
  std::string format;        // "hf-safetensors", "llama2c", "gguf", "torchscript"
  std::string architecture;  // "llama", "gpt2", "torchscript" (with hf_architecture in the config)
  std::string dtype;         // on disk: "float32", "float16", "bfloat16"
  // In memory, what the matrices are computed from (LanguageModel::weights_dtype): the stored dtype
  // under --dtype auto, else the one asked for.
  std::string weights_dtype;
  std::int64_t parameters = 0;
  std::int64_t vocab_size = 0;
  std::int64_t context_length = 0;
  std::vector<WeightFile> weights;
  // One hash naming the weights: the single file's, or, for several files, the sha256 of the lines
  // "<hex>  <file name>\n" sorted by file name. Empty when LoadOptions::hash_weights is off.
  std::string sha256;
  std::string config_json;   // the configuration as JSON text (config.json, or the llama2.c header)
  // Things the user should know that do not stop loading (ignored tensors, a context capped to a
  // sliding window, no tokenizer found). One sentence each.
  std::vector<std::string> warnings;
};

// Where a CPU model's float32 safetensors weights live. Read: copied into private memory in parallel
// (core/model/resident_read.h: much faster to a first result on virtual machines, immune to the file
// changing on disk). Map: views of the memory-mapped file, paged in on first use (no copy; the page
// cache is shared between processes and can be reclaimed). Auto: Read when the weights take at most
// half of the memory available now, else Map.
enum class WeightMemory { Auto, Read, Map };

struct LoadOptions {
  std::filesystem::path tokenizer;  // overrides the tokenizer found beside the model
  bool trust_torchscript = false;   // TorchScript can run arbitrary code: refused unless set
  std::string device = "cpu";       // "cpu", or "cuda" (HF folders; Unsupported without a CUDA LibTorch)
  bool hash_weights = true;         // sha256 of every weight file (reads them once)
  WeightMemory weight_memory = WeightMemory::Auto;
  // The dtype matrices are kept in (docs/ARCHITECTURE.md, "Weight dtypes"): Auto = as stored
  // (safetensors and GGUF float16/bfloat16 stay views of the mapping); Float32 widens them at load
  // (how Cartograph loaded before); Float16/BFloat16 convert. Norms, biases, activations, logits
  // and metrics are float32 whatever this says. llama2.c files are float32 and accept Auto and Float32.
  WeightDType dtype = WeightDType::Auto;
};

struct Checkpoint {
  std::shared_ptr<const LanguageModel> model;
  std::shared_ptr<const tokenize::Tokenizer> tokenizer;
  CheckpointInfo info;
};

// Loads a Hugging Face folder (or its config.json / a .safetensors inside it), a llama2.c `.bin`
// (legacy or version-1 export) or a TorchScript file. Validates every header, shape, dtype and
// offset before allocating; errors name the file. The tokenizer is options.tokenizer, else
// tokenize::locate_tokenizer(path), else a `tokenizer.bin` in an HF folder (what write_hf_llama
// writes); when none is found, `tokenizer` is null and info.warnings says so. Reports "converting
// weights" and "hashing weights" on `job` and stops with ErrorCode::Cancelled when asked.
Result<Checkpoint> load_checkpoint(const std::filesystem::path& path, const LoadOptions& options = {},
                                   Job& job = Job::silent());

}  // namespace core::model
