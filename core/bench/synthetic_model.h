#pragma once
// Model shapes the benchmark knows by name, and Hugging Face folders of random weights in those
// shapes, written with core/model's safetensors writer (float32) and kept in a cache folder so a
// second benchmark run does not write them again. Stateless functions; safe from any thread as long
// as two processes do not fill the same cache folder at once.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/jobs/job.h"
#include "core/model/language_model.h"

namespace core::bench {

struct ModelShape {
  std::string name;  // e.g. "gpt2-124m"
  model::Architecture architecture = model::Architecture::Gpt2;  // Gpt2 or Llama
  std::int64_t dim = 0, layers = 0, heads = 0, kv_heads = 0, hidden = 0, vocab = 0, context = 0;
  bool tied = false;                  // the head is the embedding (Llama 3.2 1B)
  bool bfloat16 = false;              // the file stores bfloat16 (else float32)
};

// gpt2-124m (GPT-2 small), llama-125m (a Llama of the same size: grouped-query attention with 4 kv
// heads, SwiGLU, untied head, 32k vocabulary) and their tiny versions gpt2-tiny and llama-tiny;
// llama-1b-bf16, Llama 3.2 1B's shape stored in bfloat16 (hidden 2048, 16 layers, 32 heads, 8 kv
// heads, feed-forward 8192, vocabulary 128256, tied embeddings; context 2048 of its 131072, which
// changes no weight), and llama-tiny-bf16, its tiny version.
const std::vector<ModelShape>& model_shapes();
std::optional<ModelShape> find_shape(std::string_view name);

// Parameters of the shape, embeddings and head included (tied heads counted once).
std::int64_t parameter_count(const ModelShape& shape);

// The folder `cache_dir`/<name>-seed<seed> holding config.json and model.safetensors with random
// weights whose logits spread over a few nats, as a trained model's do (kInit in the .cpp). Reused
// when a previous run completed it with the same configuration and initialisation.
Result<std::filesystem::path> random_hf_model(const ModelShape& shape, const std::filesystem::path& cache_dir,
                                              std::uint64_t seed, Job& job = Job::silent());

}  // namespace core::bench
