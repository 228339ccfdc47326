// `sample --model M`: continue a prompt (greedy at temperature 0), through the KV cache.
#include <iostream>

#include "app/cli/commands.h"
#include "core/model/checkpoint.h"
#include "core/model/sampling.h"

namespace cli {

void add_sample_command(CLI::App& app, Globals& globals) {
  struct Args {
    std::string model, tokenizer, prompt;
    bool trust = false;
    std::int64_t max_new_tokens = 256;
    double temperature = 1.0, top_p = 0.9;
    std::uint64_t seed = 0;
  };
  auto args = std::make_shared<Args>();
  add_command(
      app, globals, "sample", "Continue a prompt; temperature 0 is greedy; stops at EOS or after N tokens",
      [&globals, args](CLI::App& sub) -> Runner {
        sub.add_option("--model", args->model, "HF folder, llama2.c .bin or TorchScript file")->required();
        sub.add_option("--tokenizer", args->tokenizer, "Tokenizer file overriding the model's own");
        sub.add_option("--prompt", args->prompt, "Text to continue (default: empty, i.e. from BOS)");
        sub.add_option("--max-new-tokens", args->max_new_tokens, "Generated tokens at most")
            ->default_val(256)
            ->check(CLI::NonNegativeNumber);
        sub.add_option("--temperature", args->temperature, "Softmax temperature; 0 = greedy")
            ->default_val(1.0)
            ->check(CLI::NonNegativeNumber);
        sub.add_option("--top-p", args->top_p, "Nucleus mass in (0, 1]")->default_val(0.9)->check(CLI::Range(0.0, 1.0));
        sub.add_option("--seed", args->seed, "Random seed (same seed, same text)")->default_val(0);
        sub.add_flag("--trust-torchscript", args->trust, "Allow loading TorchScript (it can run code)");
        return [&globals, args]() -> int {
          if (!(args->top_p > 0)) {  // CLI11 has no open interval: (0, 1] is checked here
            std::cerr << "error: --top-p must be greater than 0" << std::endl;
            return kUsage;
          }
          core::Job job(stderr_progress(globals));
          core::model::LoadOptions options;
          options.tokenizer = args->tokenizer;
          options.trust_torchscript = args->trust;
          options.hash_weights = false;
          auto cp = core::model::load_checkpoint(args->model, options, job);
          if (!cp) return fail(cp.error());
          for (const auto& w : cp->info.warnings) std::cerr << "warning: " << w << std::endl;
          const auto& tok = cp->tokenizer;
          if (!tok) return fail("no tokenizer for " + args->model + ": pass --tokenizer");

          std::vector<core::tokenize::TokenId> prompt = tok->encode(args->prompt);
          // An empty prompt starts from BOS (or, lacking one, from EOS as GPT-2's <|endoftext|>).
          if (prompt.empty()) {
            if (auto start = tok->bos_id() ? tok->bos_id() : tok->eos_id()) prompt.push_back(*start);
          }
          core::model::SampleOptions so;
          so.max_new_tokens = args->max_new_tokens;
          so.temperature = args->temperature;
          so.top_p = args->top_p;
          so.seed = args->seed;
          if (auto eos = tok->eos_id()) so.stop_ids.push_back(*eos);
          // llama2.c's run.c ends a sample at BOS, which separates its training documents.
          if (cp->info.format == "llama2c" && tok->bos_id()) so.stop_ids.push_back(*tok->bos_id());
          auto result = core::model::generate(*cp->model, prompt, so, job);
          if (!result) return fail(core::with_path(result.error(), args->model));

          // Decode with the prompt in front so spacing at the seam is the tokenizer's, then cut it.
          std::vector<core::tokenize::TokenId> all = prompt;
          all.insert(all.end(), result->ids.begin(), result->ids.end());
          const std::string head = tok->decode(prompt), full = tok->decode(all);
          const std::string text = full.starts_with(head) ? full.substr(head.size()) : tok->decode(result->ids);
          if (!globals.quiet && result->decode_seconds > 0 && result->ids.size() > 1)
            std::cerr << result->ids.size() << " tokens, "
                      << double(result->ids.size() - 1) / result->decode_seconds << " tokens/s after the prompt"
                      << std::endl;
          if (globals.json) {
            print_json({{"prompt_ids", prompt},
                        {"ids", result->ids},
                        {"text", text},
                        {"stop_reason", result->stop_reason}});
          } else {
            std::cout << text << std::endl;
          }
          return kOk;
        };
      });
}

}  // namespace cli
