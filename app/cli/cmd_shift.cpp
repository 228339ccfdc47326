// `shift`: token-shift fractions of a tuned map against its base (Lin et al., "URIAL").
#include <cstdio>

#include "app/cli/commands.h"
#include "app/cli/run_args.h"
#include "core/analysis/shift.h"

namespace cli {
namespace {

struct ShiftArgs {
  std::string base, tuned, prompts;
  std::int64_t max_new_tokens = 64;
  RunArgs run;
};

int run_shift(const ShiftArgs& a, const Globals& g) {
  core::Job job(stderr_progress(g));
  auto prompts = core::analysis::read_prompt_file(a.prompts);
  if (!prompts) return fail(prompts.error());
  const auto base_tokenizer = tokenizer_for(a.run.tokenizers, 0, 2), tuned_tokenizer = tokenizer_for(a.run.tokenizers, 1, 2);
  if (!base_tokenizer) return fail(base_tokenizer.error());
  auto base = load_map(a.base, a.run, *base_tokenizer, job);
  if (!base) return fail(base.error());
  auto tuned = load_map(a.tuned, a.run, *tuned_tokenizer, job);
  if (!tuned) return fail(tuned.error());
  core::analysis::ShiftOptions options;
  options.max_new_tokens = a.max_new_tokens;
  auto r = core::analysis::token_shift(*base, *tuned, *prompts, options, job);
  if (!r) return fail(r.error());
  if (g.json) {
    nlohmann::json per = nlohmann::json::array();
    for (const auto& p : r->prompts) {
      std::vector<std::int32_t> ids(p.generated.begin(), p.generated.end());
      per.push_back({{"prompt", p.prompt}, {"generated", tuned->tokenizer->decode(ids)}, {"ids", p.generated}, {"base_rank", p.base_rank}});
    }
    print_json({{"unshifted", r->fraction(r->unshifted)},
                {"marginal", r->fraction(r->marginal)},
                {"shifted", r->fraction(r->shifted)},
                {"positions", r->positions},
                {"prompts", per}});
  } else {
    std::printf("positions %lld\nunshifted %.1f%%\nmarginal  %.1f%%\nshifted   %.1f%%\n", (long long)r->positions,
                100 * r->fraction(r->unshifted), 100 * r->fraction(r->marginal), 100 * r->fraction(r->shifted));
  }
  return kOk;
}

}  // namespace

void add_shift_command(CLI::App& app, Globals& globals) {
  add_command(app, globals, "shift", "Token shift: how a tuned map's greedy tokens rank under the base",
              [&globals](CLI::App& cmd) {
                auto a = std::make_shared<ShiftArgs>();
                cmd.add_option("--base", a->base, "The base checkpoint")->required();
                cmd.add_option("--tuned", a->tuned, "The tuned checkpoint")->required();
                cmd.add_option("--prompts", a->prompts, "One prompt per line (\\n stands for a newline)")->required();
                cmd.add_option("--max-new-tokens", a->max_new_tokens, "Tokens decoded per prompt")->default_val(64);
                add_load_options(cmd, a->run);
                return Runner([a, &globals] { return run_shift(*a, globals); });
              });
}

}  // namespace cli
