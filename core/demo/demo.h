#pragma once
// core::demo::build_demo: model organisms of distortion, built offline from a seed. A small
// Llama-architecture base model is pretrained on Debian's fortunes (most preceded by a "[category]"
// header line) with a byte-level BPE of its own; descendants are tuned so that their distortions
// are known in advance:
//   sft-<category>  supervised fine-tuning on one narrow category: Δnll < 0 on that category's
//                   held-out fortunes, > 0 on the others; the header prompt recovers part of it
//   rl-weak-kl      REINFORCE toward common wording with a weak KL penalty to the base:
//                   the most collapsed map (entropy falls most)
//   rl-strong-kl    the same with a strong KL penalty: a smaller, bounded change
// Every checkpoint is written as a Hugging Face Llama folder and read back with the real loader; a
// session (demo.cartograph) holds the comparison run over the held-out fortunes, a zoom run with the
// matching prompt, and the prompts in its library. This is what the GUI's "Open demo" opens.
//
// Results are cached: a folder holds a manifest (demo.json) written last, and a call whose options
// give the same key returns it without recomputing. Same options and seed on the same machine:
// byte-identical weights (training runs with a fixed thread count, every generator seeded; the BLAS
// pool's size, which changes a product's last bits, is part of the key).
//
// Thread-safety: call from one worker thread at a time. It limits only the calling thread's OpenMP
// count to DemoOptions::threads (core::ThreadLimit); process-wide thread settings are never touched,
// so other jobs may run meanwhile.
#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "core/error.h"
#include "core/jobs/job.h"

namespace core::demo {

// Every size and step count of the demo. Part of the cache key.
struct DemoRecipe {
  // Model (Llama, tied embeddings): vocabulary of the trained BPE, widths, context in tokens.
  std::int32_t vocab_size = 768;
  std::int64_t dim = 128, hidden_dim = 384, n_layers = 4, n_heads = 4, context = 128;
  // Pretraining on the training fortunes: steps of `batch` windows of `context` tokens.
  std::int64_t pretrain_steps = 400, batch = 24;
  double lr = 6e-3;
  // Share of pretraining fortunes preceded by a "[category]" header line (see demo.cpp).
  double tagged_fraction = 0.75;
  // Supervised fine-tuning on the training fortunes of one category.
  std::string sft_category = "zippy";
  std::int64_t sft_steps = 30;
  double sft_lr = 5e-4;
  // REINFORCE toward common wording (see demo.cpp), at two KL strengths.
  std::int64_t rl_steps = 60, rl_samples = 32, rl_new_tokens = 48;
  double kl_weak = 0.02, kl_strong = 0.5;
  double rl_lr = 1e-3;
  // Share of fortunes held out (by hash of their text) as the territory; 0 documents cap = all.
  double held_out_fraction = 0.06;
  std::int64_t max_territory_documents = 0;

  static DemoRecipe full();  // the default: fortune-like text, instructive views, < 5 min on 2 cores
  static DemoRecipe tiny();  // for tests: the same effects, in seconds
  static Result<DemoRecipe> preset(const std::string& name);  // "full" or "tiny"
};

// `recipe` with the fields of a JSON object replaced, e.g. {"pretrain_steps": 300, "kl_weak": 0.01}
// (field names as in DemoRecipe). An unknown field or a wrong type is an InvalidInput error.
Result<DemoRecipe> apply_recipe_json(DemoRecipe recipe, const std::string& json);

struct DemoOptions {
  DemoRecipe recipe = DemoRecipe::full();
  std::uint64_t seed = 1;
  std::filesystem::path fortunes = "/usr/share/games/fortunes";
  // Where the demo goes; empty = root / "demo-<key>". An existing folder must be
  // empty or hold an earlier demo (which is replaced when its key differs).
  std::filesystem::path out;
  // The cache folder holding the demos by key (the GUI's preference); empty = default_demo_root().
  std::filesystem::path root;
  // Compute threads of the building thread's kernels (BLAS products use the process's pool). Fixed,
  // because reductions depend on the count (part of the key);
  // one by default: these matrices are small, a second thread gains little on an idle machine and
  // loses badly on a busy one (spinning OpenMP/OpenBLAS workers), and a GUI keeps a core.
  int threads = 1;
  bool rebuild = false;  // ignore a cached result
};

// One checkpoint of the demo.
struct DemoMap {
  std::string name;         // "base", "sft-zippy", "rl-weak-kl", "rl-strong-kl"
  std::string role;         // "base" or "tuned"
  std::filesystem::path folder;
  std::string sha256;       // of model.safetensors
  std::string description;  // what was done to it and the distortion to expect
  std::string greedy_sample;  // greedy continuation of BOS, up to 64 tokens
  double sampled_reward = 0;  // mean reward of 32 continuations sampled at temperature 1
};

// The measured effects (also recomputable from the session): Δ are tuned minus base, nats.
struct DemoEffects {
  double base_nll = 0, base_bits_per_byte = 0;  // how good a map of the territory the base is
  double sft_delta_nll_own = 0;    // SFT map on the held-out fortunes of its category
  double sft_delta_nll_other = 0;  // on every other category's
  double base_entropy = 0;
  double rl_weak_delta_entropy = 0, rl_strong_delta_entropy = 0;
  double rl_weak_kl = 0, rl_strong_kl = 0;  // mean KL(tuned || base) over the territory
  double zoom_k0 = 0, zoom_kp = 0, zoom_recovered = 0;  // SFT map and the matching prompt
  double zoom_k0_own = 0, zoom_kp_own = 0, zoom_recovered_own = 0;  // the same on the SFT category
};

// The effects as JSON, every field under its member name (the manifest and `demo --json`), and back.
nlohmann::json effects_json(const DemoEffects& effects);
DemoEffects effects_from_json(const nlohmann::json& json);

struct DemoPrompt {
  std::string name;
  std::string text;
};

struct DemoResult {
  std::string key;  // hex; names the default folder
  bool cached = false;
  double seconds = 0;  // this call
  std::filesystem::path folder, session, territory, tokenizer, prompts_file;
  std::vector<DemoMap> maps;  // lineage order: base, sft, rl-weak, rl-strong
  std::vector<DemoPrompt> prompts;
  std::string zoom_prompt;  // the text of the matching prompt used by the zoom run
  std::int64_t comparison_run = 0, zoom_run = 0;  // run ids in the session
  std::int64_t training_documents = 0, territory_documents = 0, training_tokens = 0;
  DemoEffects effects;
  std::vector<std::pair<std::string, double>> stage_seconds;  // when built (not cached)
  // Training curves in brief: losses (nats/token, mean of the first and last 10% of steps), RL
  // rewards and KL(policy || base), e.g. {"pretrain_loss_last", 3.1}.
  std::vector<std::pair<std::string, double>> training;
};

// $XDG_CACHE_HOME/cartograph, else $HOME/.cache/cartograph, else the system temp folder's.
std::filesystem::path default_demo_root();

// The cache key of `options` over the fortunes whose content hash is given.
std::string demo_key(const DemoOptions& options, const std::string& fortunes_hash);

// Builds the demo or returns the cached one. Stages on `job`: reading fortunes, training the
// tokenizer, pretraining, fine-tuning, RL (weak and strong KL), writing checkpoints, the runs.
// Errors: NotFound when the fortunes are missing (with an install hint), InvalidInput for an
// unusable --out folder or an SFT category with too little text, Cancelled.
Result<DemoResult> build_demo(const DemoOptions& options, Job& job = Job::silent());

}  // namespace core::demo
