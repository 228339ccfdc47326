// `demo`: builds (or finds cached) the demo's model organisms and session. docs/ARCHITECTURE.md, "Command line".
#include <cstdio>
#include <iostream>

#include "app/cli/commands.h"
#include "core/demo/demo.h"

namespace cli {
namespace {

struct DemoArgs {
  std::string out, preset = "full", recipe, fortunes = "/usr/share/games/fortunes", sft_category;
  std::uint64_t seed = 1;
  bool rebuild = false;
};

nlohmann::json result_json(const core::demo::DemoResult& r) {
  nlohmann::json maps = nlohmann::json::array();
  for (const auto& m : r.maps)
    maps.push_back({{"name", m.name}, {"role", m.role}, {"path", m.folder.string()}, {"sha256", m.sha256},
                    {"description", m.description}, {"greedy_sample", m.greedy_sample},
                    {"sampled_reward", m.sampled_reward}});
  nlohmann::json prompts = nlohmann::json::array();
  for (const auto& p : r.prompts) prompts.push_back({{"name", p.name}, {"text", p.text}});
  nlohmann::json stages = nlohmann::json::object();
  for (const auto& [name, s] : r.stage_seconds) stages[name] = s;
  nlohmann::json training = nlohmann::json::object();
  for (const auto& [name, v] : r.training) training[name] = v;
  return {{"session", r.session.string()},
          {"folder", r.folder.string()},
          {"key", r.key},
          {"cached", r.cached},
          {"seconds", r.seconds},
          {"territory", r.territory.string()},
          {"tokenizer", r.tokenizer.string()},
          {"prompts_file", r.prompts_file.string()},
          {"checkpoints", maps},
          {"prompts", prompts},
          {"zoom_prompt", r.zoom_prompt},
          {"runs", {{"comparison", r.comparison_run}, {"zoom", r.zoom_run}}},
          {"documents", {{"training", r.training_documents}, {"territory", r.territory_documents}}},
          {"training_tokens", r.training_tokens},
          {"effects", core::demo::effects_json(r.effects)},
          {"stages", stages},
          {"training", training}};
}

void print_text(const core::demo::DemoResult& r) {
  std::printf("demo %s (%s, %.1f s)\nsession   %s\nterritory %s (%lld held-out fortunes)\n", r.folder.c_str(),
              r.cached ? "cached" : "built", r.seconds, r.session.c_str(), r.territory.c_str(),
              (long long)r.territory_documents);
  for (const auto& m : r.maps) {
    std::printf("\n%-14s %s\n  %s\n  reward of samples: %.4f\n  greedy: ", m.name.c_str(), m.folder.c_str(),
                m.description.c_str(), m.sampled_reward);
    for (char c : m.greedy_sample) std::fputs(c == '\n' ? "\n          " : std::string(1, c).c_str(), stdout);
    std::printf("\n");
  }
  const auto& e = r.effects;
  std::printf("\nbase: nll %.4f nats/token, %.4f bits/byte\n", e.base_nll, e.base_bits_per_byte);
  std::printf("\neffects (nats)\n  sft Δnll on its category %+.4f, on the others %+.4f\n"
              "  RL ΔH weak KL %+.4f, strong KL %+.4f (base H %.4f); KL(tuned‖base) %.4f vs %.4f\n"
              "  zoom with the matching prompt: K0 %.4f  KP %.4f  recovered %.1f%%\n",
              e.sft_delta_nll_own, e.sft_delta_nll_other, e.rl_weak_delta_entropy, e.rl_strong_delta_entropy,
              e.base_entropy, e.rl_weak_kl, e.rl_strong_kl, e.zoom_k0, e.zoom_kp, 100 * e.zoom_recovered);
}

int run_demo(const DemoArgs& a, const Globals& g) {
  core::demo::DemoOptions options;
  auto recipe = core::demo::DemoRecipe::preset(a.preset);
  if (!recipe) return fail(recipe.error());
  if (!a.recipe.empty()) {
    recipe = core::demo::apply_recipe_json(*recipe, a.recipe);
    if (!recipe) return fail(recipe.error());
  }
  if (!a.sft_category.empty()) recipe->sft_category = a.sft_category;
  options.recipe = *recipe;
  options.seed = a.seed;
  options.out = a.out;
  options.fortunes = a.fortunes;
  options.rebuild = a.rebuild;
  if (g.threads > 0) options.threads = g.threads;
  core::Job job(stderr_progress(g));
  auto result = core::demo::build_demo(options, job);
  if (!result) return fail(result.error());
  if (g.json) {
    print_json(result_json(*result));
  } else {
    print_text(*result);
  }
  return kOk;
}

}  // namespace

void add_demo_command(CLI::App& app, Globals& globals) {
  add_command(app, globals, "demo",
              "Build the demo: a base map trained on Debian's fortunes, tuned descendants with known distortions, "
              "and a session comparing them (cached)",
              [&globals](CLI::App& cmd) {
                auto a = std::make_shared<DemoArgs>();
                cmd.add_option("--out", a->out, "The demo folder (default: $XDG_CACHE_HOME/cartograph/demo-<key>)");
                cmd.add_option("--seed", a->seed, "Seed of every random choice (same seed: identical weights)")
                    ->default_val(1);
                cmd.add_option("--preset", a->preset, "Sizes: full (default) or tiny (seconds, for tests)")
                    ->check(CLI::IsMember({"full", "tiny"}));
                cmd.add_option("--sft-category", a->sft_category, "The fortune category the SFT map is tuned on");
                cmd.add_option("--recipe", a->recipe, "JSON object overriding recipe fields (advanced)");
                cmd.add_option("--fortunes", a->fortunes, "The fortune folder")->default_val(a->fortunes);
                cmd.add_flag("--rebuild", a->rebuild, "Rebuild even when a cached demo matches");
                return Runner([a, &globals] { return run_demo(*a, globals); });
              });
}

}  // namespace cli
