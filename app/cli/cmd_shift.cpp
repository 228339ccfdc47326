// `shift`: token-shift fractions of a tuned map against its base (Lin et al., "URIAL"); with --session
// recorded as the Studio records one, with --shard I/N one shard of the prompts for `merge` to fold
// (docs/ARCHITECTURE.md, "Sharded runs"). The sequence is core's (core::store::execute_shift).
#include <cstdio>

#include "app/cli/commands.h"
#include "app/cli/run_args.h"
#include "core/analysis/shift.h"
#include "core/store/execute_shift.h"

namespace cli {
namespace {

struct ShiftArgs {
  std::string base, tuned, prompts, session;
  std::string shard;  // "I/N": decode shard I of N of the prompts only (needs --session)
  std::int64_t max_new_tokens = 64;
  RunArgs run;
};

int run_shift(const ShiftArgs& a, const Globals& g) {
  core::Job job(stderr_progress(g));
  auto shard = shard_from(a.shard, a.session);
  if (!shard) return fail(shard.error());
  auto prompts = core::analysis::read_prompt_file(a.prompts);
  if (!prompts) return fail(prompts.error());
  const auto base_tokenizer = tokenizer_for(a.run.tokenizers, 0, 2), tuned_tokenizer = tokenizer_for(a.run.tokenizers, 1, 2);
  if (!base_tokenizer) return fail(base_tokenizer.error());
  core::store::ShiftOrder order;
  order.base = {a.base, {}, *base_tokenizer};
  order.tuned = {{a.tuned, {}, *tuned_tokenizer}};
  order.prompts = std::move(*prompts);
  order.max_new_tokens = a.max_new_tokens;
  order.load = load_options(a.run, {});
  // The count it ran with, resolved like a sharded run's: merge refuses shards whose counts differ.
  order.threads = shard_threads(g.threads);
  order.shard = *shard;
  order.session_path = a.session;
  auto r = core::store::execute_shift(order, job);
  if (!r) return fail(r.error());
  const core::store::ShiftMapRecord& m = r->record.maps.front();
  if (g.json) {
    nlohmann::json per = nlohmann::json::array();
    for (std::size_t i = 0; i < m.prompts.size(); ++i) {
      const auto& p = m.prompts[i];
      per.push_back({{"prompt", p.prompt_text}, {"place", p.place}, {"generated", r->generated_text.front()[i]},
                     {"ids", p.generated}, {"base_rank", p.base_rank}});
    }
    nlohmann::json doc{{"unshifted", m.fraction(m.unshifted)},
                       {"marginal", m.fraction(m.marginal)},
                       {"shifted", m.fraction(m.shifted)},
                       {"positions", m.positions},
                       {"prompts", per},
                       {"prompt_set", {{"sha256", r->record.prompts_sha256}, {"prompts", r->record.prompt_count}}}};
    if (*shard)
      doc["shard"] = {{"index", (*shard)->index}, {"count", (*shard)->count}, {"prompts", m.prompts.size()}};
    if (!a.session.empty()) {
      doc["session"] = a.session;
      doc["shift_id"] = r->shift_id;
    }
    print_json(doc);
  } else {
    std::printf("positions %lld\nunshifted %.1f%%\nmarginal  %.1f%%\nshifted   %.1f%%\n", (long long)m.positions,
                100 * m.fraction(m.unshifted), 100 * m.fraction(m.marginal), 100 * m.fraction(m.shifted));
    if (*shard)
      std::printf("shard %lld of %lld: %zu of %lld prompts\n", (long long)(*shard)->index, (long long)(*shard)->count,
                  m.prompts.size(), (long long)r->record.prompt_count);
    if (!a.session.empty()) std::printf("recorded as token shift %lld in %s\n", (long long)r->shift_id, a.session.c_str());
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
                cmd.add_option("--session", a->session,
                               "Record the token shift in this session (created if missing), as the Studio does");
                cmd.add_option("--shard", a->shard,
                               "I/N: decode only shard I of N (from 0) of the prompts, balanced by tokens, into "
                               "--session; `merge` folds the shards' sessions into one");
                add_load_options(cmd, a->run);
                return Runner([a, &globals] { return run_shift(*a, globals); });
              });
}

}  // namespace cli
