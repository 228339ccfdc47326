#include "core/analysis/engine.h"

#include <algorithm>
#include <limits>
#include <filesystem>

#include "core/analysis/map_names.h"
#include "core/analysis/vocabulary.h"
#include "core/version.h"

namespace core::analysis {
namespace {

std::vector<std::int32_t> to_int32(const std::vector<tokenize::TokenId>& ids) { return {ids.begin(), ids.end()}; }

// The maps' names: the ones given, else defaults that tell the maps apart.
std::vector<std::string> display_names(const RunSpec& spec) {
  std::vector<const model::CheckpointInfo*> infos;
  std::vector<std::string> given;
  for (const MapSpec& m : spec.maps) {
    infos.push_back(&m.checkpoint.info);
    given.push_back(m.name);
  }
  return distinct_map_names(infos, given);
}

}  // namespace

std::map<std::string, std::string> run_versions(const RunSettings& settings) {
  const Versions v = versions();
  return {{"cartograph", v.cartograph}, {"libtorch", v.libtorch}, {"blas", v.blas},
          {"sqlite", v.sqlite},         {"compiler", v.compiler}, {"device", settings.device},
          {"omp_wait_policy", v.omp_wait_policy}, {"omp_spin_count", v.omp_spin_count},
          {"blas_thread_timeout", v.blas_thread_timeout}};
}

MapInfo map_info(const model::Checkpoint& c, std::string name, MapRole role) {
  MapInfo m;
  m.name = std::move(name);
  m.role = role;
  m.path = c.info.path;
  m.format = c.info.format;
  m.architecture = c.info.architecture;
  m.dtype = c.info.dtype;
  m.sha256 = c.info.sha256;
  m.config_json = c.info.config_json;
  m.parameters = c.info.parameters;
  m.vocab_size = c.model ? c.model->config().vocab_size : c.info.vocab_size;
  m.context_length = c.info.context_length;
  return m;
}

Result<RunPlan> plan_run(const RunSpec& spec, Job& job) {
  if (spec.maps.empty()) return fail(ErrorCode::InvalidInput, "a run needs a base map");
  for (const MapSpec& m : spec.maps)
    if (!m.checkpoint.model || !m.checkpoint.tokenizer)
      return fail(ErrorCode::InvalidInput, "checkpoint is not loaded (model or tokenizer missing)", m.checkpoint.info.path);
  if (spec.territory.documents.empty()) return fail(ErrorCode::InvalidInput, "the territory is empty", spec.territory.source);
  const model::Checkpoint& base = spec.maps[0].checkpoint;
  const std::int64_t base_vocab = base.model->config().vocab_size;
  RunPlan plan;
  const std::vector<std::string> names = display_names(spec);
  plan.maps.push_back(map_info(base, names[0], MapRole::Base));

  std::int64_t window = spec.settings.context > 0 ? spec.settings.context : std::numeric_limits<std::int64_t>::max();
  for (const MapSpec& m : spec.maps)
    if (m.checkpoint.info.context_length > 0) window = std::min(window, m.checkpoint.info.context_length);
  if (window == std::numeric_limits<std::int64_t>::max()) window = 1024;
  if (window < 2) return fail(ErrorCode::InvalidInput, "the context window must hold at least 2 tokens");

  const tokenize::Tokenizer& tok = *base.tokenizer;
  if (!spec.settings.prompt.empty()) {
    if (tok.adds_bos() && tok.bos_id()) plan.prefix.push_back(*tok.bos_id());
    const auto p = tok.encode(spec.settings.prompt, false);
    plan.prefix.insert(plan.prefix.end(), p.begin(), p.end());
    if (std::int64_t(plan.prefix.size()) + 2 > window)
      return fail(ErrorCode::InvalidInput, "the prompt's " + std::to_string(plan.prefix.size()) +
                                               " tokens leave no room in the " + std::to_string(window) +
                                               "-token context window");
  }
  plan.window = window - std::int64_t(plan.prefix.size());
  plan.stride = spec.settings.stride > 0 ? spec.settings.stride : std::max<std::int64_t>(1, plan.window / 2);
  if (plan.stride >= plan.window) {
    plan.warnings.push_back("stride " + std::to_string(plan.stride) + " reduced to " + std::to_string(plan.window - 1) +
                            ": each window's first token needs a context");
    plan.stride = plan.window - 1;
  }

  job.begin("tokenizing", std::int64_t(spec.territory.documents.size()) * std::int64_t(spec.maps.size()));
  plan.tokens.reserve(spec.territory.documents.size());
  for (const territory::Document& d : spec.territory.documents) {
    plan.tokens.push_back(to_int32(tok.encode(d.text)));
    for (std::int32_t id : plan.tokens.back())
      if (id < 0 || id >= base_vocab)
        return fail(ErrorCode::Mismatch,
                    "the base tokenizer produced id " + std::to_string(id) + ", outside the model's vocabulary of " +
                        std::to_string(base_vocab),
                    base.info.path);
    plan.scored_positions += std::max<std::int64_t>(0, std::int64_t(plan.tokens.back().size()) - 1);
    if (!job.advance()) return fail(ErrorCode::Cancelled, "cancelled");
  }
  for (std::size_t m = 1; m < spec.maps.size(); ++m) {
    const model::Checkpoint& tuned = spec.maps[m].checkpoint;
    auto added = check_vocabulary(base, tuned, spec.territory, plan.tokens, job);
    if (!added) return std::unexpected(added.error());
    MapInfo info = map_info(tuned, names[m], MapRole::Tuned);
    info.added_vocab = *added;
    if (*added > 0)
      plan.warnings.push_back(info.name + " adds " + std::to_string(*added) +
                              " ids to the base vocabulary: compared on base ids, renormalised");
    plan.maps.push_back(std::move(info));
  }
  plan.token_texts.resize(std::size_t(base_vocab));
  for (std::int64_t id = 0; id < base_vocab; ++id)
    plan.token_texts[std::size_t(id)] =
        id < tok.vocab_size() ? tok.token_text(tokenize::TokenId(id)) : "<id " + std::to_string(id) + ">";
  if (!plan.prefix.empty()) {
    MapInfo zoomed = plan.maps[0];
    zoomed.role = MapRole::Zoomed;
    zoomed.name = plan.maps[0].name + " ⊕ prompt";
    plan.maps.push_back(std::move(zoomed));
  }
  return plan;
}

}  // namespace core::analysis
