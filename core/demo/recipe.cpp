#include "core/demo/recipe.h"

namespace core::demo {

// One list of fields serves both directions (to_json / from_json).
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(DemoRecipe, vocab_size, dim, hidden_dim, n_layers, n_heads, context,
                                   pretrain_steps, batch, lr, tagged_fraction, sft_category, sft_steps, sft_lr,
                                   rl_steps, rl_samples, rl_new_tokens, kl_weak, kl_strong, rl_lr,
                                   held_out_fraction, max_territory_documents)

nlohmann::json recipe_json(const DemoRecipe& recipe) { return recipe; }

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(DemoEffects, base_nll, base_bits_per_byte, sft_delta_nll_own, sft_delta_nll_other,
                                   base_entropy, rl_weak_delta_entropy, rl_strong_delta_entropy, rl_weak_kl,
                                   rl_strong_kl, zoom_k0, zoom_kp, zoom_recovered, zoom_k0_own, zoom_kp_own,
                                   zoom_recovered_own)

nlohmann::json effects_json(const DemoEffects& effects) { return effects; }
DemoEffects effects_from_json(const nlohmann::json& json) { return json.get<DemoEffects>(); }

Result<void> check_recipe(const DemoRecipe& r, int threads) {
  const auto bad = [](const std::string& what) { return fail(ErrorCode::InvalidInput, "demo recipe: " + what); };
  if (r.vocab_size < 258 || r.vocab_size > 65536) return bad("vocab_size must be in [258, 65536]");
  if (r.dim <= 0 || r.n_heads <= 0 || r.dim % r.n_heads || (r.dim / r.n_heads) % 2)
    return bad("dim must split into heads of even size");
  if (r.hidden_dim <= 0 || r.n_layers <= 0 || r.context < 16) return bad("model sizes must be positive, context >= 16");
  if (r.pretrain_steps <= 0 || r.batch <= 0 || r.sft_steps <= 0 || r.rl_steps <= 0 || r.rl_samples < 2)
    return bad("step counts must be positive and rl_samples >= 2");
  if (r.rl_new_tokens <= 0 || r.rl_new_tokens + 16 > r.context) return bad("rl_new_tokens + 16 must fit the context");
  if (!(r.held_out_fraction > 0 && r.held_out_fraction < 0.5)) return bad("held_out_fraction must be in (0, 0.5)");
  if (r.sft_category.empty()) return bad("sft_category is empty");
  if (!(r.tagged_fraction >= 0 && r.tagged_fraction <= 1)) return bad("tagged_fraction must be in [0, 1]");
  if (threads < 1 || threads > 256) return bad("threads must be in [1, 256]");
  return {};
}

DemoRecipe DemoRecipe::full() { return DemoRecipe{}; }

DemoRecipe DemoRecipe::tiny() {
  DemoRecipe r;
  r.vocab_size = 384;
  r.dim = 64;
  r.hidden_dim = 192;
  r.n_layers = 2;
  r.n_heads = 2;
  r.context = 64;
  r.pretrain_steps = 500;
  r.lr = 6e-3;
  r.batch = 16;
  r.sft_steps = 40;
  r.sft_lr = 1e-3;
  r.rl_steps = 30;
  r.rl_samples = 24;
  r.rl_new_tokens = 32;
  r.max_territory_documents = 300;
  return r;
}

Result<DemoRecipe> DemoRecipe::preset(const std::string& name) {
  if (name == "full") return full();
  if (name == "tiny") return tiny();
  return fail(ErrorCode::InvalidInput, "unknown demo preset \"" + name + "\" (full or tiny)");
}

Result<DemoRecipe> apply_recipe_json(DemoRecipe recipe, const std::string& text) {
  nlohmann::json doc = recipe_json(recipe);
  try {
    const nlohmann::json patch = nlohmann::json::parse(text);
    if (!patch.is_object()) return fail(ErrorCode::InvalidInput, "the recipe must be a JSON object");
    for (const auto& [name, value] : patch.items()) {
      if (!doc.contains(name)) return fail(ErrorCode::InvalidInput, "the recipe has no field \"" + name + "\"");
      if (doc[name].is_string() != value.is_string() || doc[name].is_number() != value.is_number())
        return fail(ErrorCode::InvalidInput, "the recipe field \"" + name + "\" has the wrong type");
      doc[name] = value;
    }
    return doc.get<DemoRecipe>();
  } catch (const std::exception& e) {
    return fail(ErrorCode::InvalidInput, "the recipe is not valid JSON", {}, e.what());
  }
}

}  // namespace core::demo
