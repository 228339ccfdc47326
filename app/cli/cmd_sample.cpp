// `sample --model M`: continue a prompt (greedy at temperature 0), through the KV cache. With
// `--tuned T` it samples the amplified map base + a (T - base) (`--amplify a`, default 1: T itself;
// 0: the base map), and `--cross-score` adds every map's per-token log-probs of the sample.
#include <iostream>

#include "app/cli/chat_args.h"
#include "app/cli/commands.h"
#include "app/cli/run_args.h"
#include "core/analysis/sampler.h"
#include "core/model/checkpoint.h"
#include "core/model/sampling.h"

namespace cli {
namespace {

struct SampleArgs {
  std::string model, prompt;
  std::vector<std::string> tokenizers;
  std::vector<std::string> tuned;
  bool trust = false, cross_score = false, as_user_turn = false;
  std::int64_t max_new_tokens = 256;
  double temperature = 1.0, top_p = 0.9;
  std::optional<double> amplify;
  std::uint64_t seed = 0;
  std::string dtype = "auto";
};

// The set the sample belongs to, for cross-scoring: one column per map (base, each tuned, and the
// amplified map when one is sampled), only the sampled column holding tokens.
core::analysis::SampleSet sampled_set(const SampleArgs& a, const std::vector<core::analysis::NamedCheckpoint>& tuned,
                                      std::vector<core::tokenize::TokenId> prompt,
                                      const std::vector<core::tokenize::TokenId>& ids) {
  using core::analysis::ColumnKind;
  core::analysis::SampleSet set;
  set.settings.amplification = a.amplify.value_or(1.0);
  set.settings.amplified_tuned = tuned.empty() ? -1 : 0;
  set.prompt_ids.assign(prompt.begin(), prompt.end());
  set.columns.push_back({ColumnKind::Base, "base", {}, {}, {}, {}, {}});
  for (const auto& t : tuned) set.columns.push_back({ColumnKind::Tuned, t.name, {}, {}, {}, {}, {}});
  if (!tuned.empty()) set.columns.push_back({ColumnKind::Amplified, "amplified", {}, {}, {}, {}, {}});
  set.columns.back().ids.assign(ids.begin(), ids.end());
  return set;
}

int run_sample(const SampleArgs& a, Globals& globals) {
  if (!(a.top_p > 0)) {  // CLI11 has no open interval: (0, 1] is checked here
    std::cerr << "error: --top-p must be greater than 0" << std::endl;
    return kUsage;
  }
  if (a.amplify && a.tuned.empty()) {
    std::cerr << "error: --amplify needs --tuned (the map whose tuning is amplified)" << std::endl;
    return kUsage;
  }
  if (a.amplify && !(*a.amplify >= core::model::kMinAmplification && *a.amplify <= core::model::kMaxAmplification))
    return fail("--amplify " + nlohmann::json(*a.amplify).dump() + " for the tuned map " + a.tuned.front() +
                " is outside [-1, 4]");
  core::Job job(stderr_progress(globals));
  const std::size_t maps = 1 + a.tuned.size();
  const auto base_tokenizer = tokenizer_for(a.tokenizers, 0, maps);
  if (!base_tokenizer) return fail(base_tokenizer.error());
  core::model::LoadOptions options;
  options.tokenizer = *base_tokenizer;
  options.trust_torchscript = a.trust;
  options.hash_weights = false;
  options.dtype = weight_dtype(a.dtype);
  auto cp = core::model::load_checkpoint(a.model, options, job);
  if (!cp) return fail(cp.error());
  for (const auto& w : cp->info.warnings) std::cerr << "warning: " << w << std::endl;
  const auto& tok = cp->tokenizer;
  if (!tok) return fail("no tokenizer for " + a.model + ": pass --tokenizer");
  std::string prompt_text = a.prompt;
  if (a.as_user_turn) {
    auto turn = UserTurn::load(a.model, *base_tokenizer, tok, job);
    if (!turn) return fail(turn.error());
    auto wrapped = turn->wrap(a.prompt);
    if (!wrapped) return fail(wrapped.error());
    prompt_text = std::move(*wrapped);
  }
  std::vector<core::model::Checkpoint> tuned_maps;
  tuned_maps.reserve(a.tuned.size());
  for (std::size_t i = 0; i < a.tuned.size(); ++i) {
    const auto& path = a.tuned[i];
    // A tuned map brings its own tokenizer (the check below compares it with the base's); one
    // --tokenizer stands in only for one that has none beside it, one per map replaces each.
    core::model::LoadOptions to = options;
    to.tokenizer = a.tokenizers.size() > 1 ? *tokenizer_for(a.tokenizers, i + 1, maps) : std::string();
    auto t = core::model::load_checkpoint(path, to, job);
    if (!t) return fail(t.error());
    if (!t->tokenizer && a.tokenizers.size() == 1) {
      t = core::model::load_checkpoint(path, options, job);
      if (!t) return fail(t.error());
    }
    tuned_maps.push_back(std::move(*t));
  }
  std::vector<core::analysis::NamedCheckpoint> tuned;
  for (std::size_t i = 0; i < tuned_maps.size(); ++i) tuned.push_back({a.tuned[i], &tuned_maps[i]});
  core::analysis::SampleSettings checks;
  checks.prompt = prompt_text;
  checks.temperature = a.temperature;
  checks.top_p = a.top_p;
  checks.max_new_tokens = std::max<std::int64_t>(a.max_new_tokens, 1);
  checks.amplified_tuned = tuned.empty() ? -1 : 0;
  checks.amplification = a.amplify.value_or(1.0);
  if (auto ok = core::analysis::check_sample_maps({a.model, &*cp}, tuned, checks); !ok) return fail(ok.error());

  std::vector<core::tokenize::TokenId> prompt = tok->encode(prompt_text);
  // An empty prompt starts from BOS (or, lacking one, from EOS as GPT-2's <|endoftext|>).
  if (prompt.empty()) {
    if (auto start = tok->bos_id() ? tok->bos_id() : tok->eos_id()) prompt.push_back(*start);
  }
  core::model::SampleOptions so;
  so.max_new_tokens = a.max_new_tokens;
  so.temperature = a.temperature;
  so.top_p = a.top_p;
  so.seed = a.seed;
  so.stop_ids = core::analysis::sample_stop_ids(*tok);  // EOS, and BOS: it starts another document
  // With --tuned the sampled map is the amplified one: generate() runs the tuned map against the base.
  const core::model::LanguageModel& sampled = tuned.empty() ? *cp->model : *tuned_maps.front().model;
  if (!tuned.empty()) {
    so.base = cp->model.get();
    so.amplification = a.amplify.value_or(1.0);
  }
  auto result = core::model::generate(sampled, prompt, so, job);
  if (!result) return fail(core::with_path(result.error(), tuned.empty() ? a.model : a.tuned.front()));

  // Decode with the prompt in front so spacing at the seam is the tokenizer's, then cut it.
  std::vector<core::tokenize::TokenId> all = prompt;
  all.insert(all.end(), result->ids.begin(), result->ids.end());
  const std::string head = tok->decode(prompt), full = tok->decode(all);
  const std::string text = full.starts_with(head) ? full.substr(head.size()) : tok->decode(result->ids);
  if (!globals.quiet && result->decode_seconds > 0 && result->ids.size() > 1)
    std::cerr << result->ids.size() << " tokens, " << double(result->ids.size() - 1) / result->decode_seconds
              << " tokens/s after the prompt" << std::endl;
  if (!globals.json) {
    std::cout << text << std::endl;
    return kOk;
  }
  nlohmann::json doc{{"prompt_ids", prompt}, {"ids", result->ids}, {"text", text}, {"stop_reason", result->stop_reason}};
  if (!tuned.empty()) doc["amplification"] = so.amplification;
  if (a.cross_score) {
    auto set = sampled_set(a, tuned, prompt, result->ids);
    if (auto ok = core::analysis::cross_score(set, {a.model, &*cp}, tuned, job); !ok) return fail(ok.error());
    nlohmann::json scores = nlohmann::json::array();
    const auto& sample = set.columns.back();
    for (std::size_t m = 0; m < set.columns.size(); ++m) {
      const auto& map = set.columns[m];
      const std::string path = map.kind == core::analysis::ColumnKind::Base ? a.model : map.kind == core::analysis::ColumnKind::Tuned ? map.label : "";
      nlohmann::json entry{{"map", map.kind == core::analysis::ColumnKind::Amplified ? "amplified" : path},
                           {"kind", core::analysis::to_string(map.kind)},
                           {"logp", sample.logp[m]}};
      if (map.kind == core::analysis::ColumnKind::Amplified) entry["amplification"] = so.amplification;
      scores.push_back(std::move(entry));
    }
    doc["cross_scores"] = std::move(scores);
  }
  print_json(doc);
  return kOk;
}

}  // namespace

void add_sample_command(CLI::App& app, Globals& globals) {
  auto args = std::make_shared<SampleArgs>();
  add_command(
      app, globals, "sample", "Continue a prompt; temperature 0 is greedy; stops at EOS or after N tokens",
      [&globals, args](CLI::App& sub) -> Runner {
        sub.add_option("--model", args->model, "HF folder, llama2.c .bin or TorchScript file (the base map)")->required();
        add_tokenizer_option(sub, args->tokenizers, true);
        sub.add_option("--prompt", args->prompt, "Text to continue (default: empty, i.e. from BOS)");
        add_user_turn_flag(sub, args->as_user_turn);
        sub.add_option("--max-new-tokens", args->max_new_tokens, "Generated tokens at most")
            ->default_val(256)
            ->check(CLI::NonNegativeNumber);
        sub.add_option("--temperature", args->temperature, "Softmax temperature; 0 = greedy")
            ->default_val(1.0)
            ->check(CLI::NonNegativeNumber);
        sub.add_option("--top-p", args->top_p, "Nucleus mass in (0, 1]")->default_val(0.9)->check(CLI::Range(0.0, 1.0));
        sub.add_option("--seed", args->seed, "Random seed (same seed, same text)")->default_val(0);
        sub.add_option("--tuned", args->tuned,
                       "A tuned map of the base; the first is sampled amplified (see --amplify), all are cross-scored");
        sub.add_option("--amplify", args->amplify,
                       "a in [-1, 4]: sample logits base + a (tuned - base); 0 = the base map, 1 (default) = the tuned map");
        sub.add_flag("--cross-score", args->cross_score,
                     "Add every map's log-prob of each sampled token to --json (cross_scores)");
        sub.add_flag("--trust-torchscript", args->trust, "Allow loading TorchScript (it can run code)");
        add_dtype_option(sub, args->dtype);
        return [&globals, args]() -> int { return run_sample(*args, globals); };
      });
}

}  // namespace cli
