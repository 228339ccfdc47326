#include "core/demo/demo.h"

#include <ATen/ATen.h>
#include <c10/core/GradMode.h>
#include <ATen/Parallel.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <numeric>
#include <optional>
#include <random>

#include "core/analysis/slice.h"
#include "core/analysis/summary.h"
#include "core/demo/bpe_trainer.h"
#include "core/demo/fortunes.h"
#include "core/demo/manifest.h"
#include "core/demo/recipe.h"
#include "core/demo/trainable_llama.h"
#include "core/demo/training.h"
#include "core/model/hf_export.h"
#include "core/model/sampling.h"
#include "core/sha256.h"
#include "core/store/catalog.h"
#include "core/store/library.h"
#include "core/store/recorder.h"
#include "core/store/session_file.h"
#include "core/threads.h"
#include "core/version.h"

namespace core::demo {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;


// A seed for one use of the demo's seed, so the stages draw independent streams.
std::uint64_t seed_for(std::uint64_t seed, std::string_view use) {
  Sha256 h;
  h.update(std::to_string(seed));
  h.update(use);
  const auto d = h.digest();
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = v << 8 | d[i];
  return v;
}

// The header line of a tagged pretraining fortune.
std::string category_header(const std::string& category) { return "[" + category + "]\n"; }

// The special token that starts every document (and separates them in training).
constexpr const char* kBosToken = "<|bos|>";

// An existing --out folder is reused only when it is empty or holds a (possibly unfinished) demo;
// then the demo's own entries are removed.
constexpr const char* kMarker = ".cartograph-demo";

Result<void> prepare_folder(const fs::path& folder) {
  std::error_code ec;
  if (!fs::exists(folder, ec)) {
    fs::create_directories(folder, ec);
    if (ec) return fail(ErrorCode::Io, "cannot create the demo folder", folder.string(), ec.message());
  } else {
    if (!fs::is_directory(folder, ec)) return fail(ErrorCode::InvalidInput, "exists and is not a folder", folder.string());
    const bool ours = fs::exists(folder / kMarker, ec) || fs::exists(folder / kManifestName, ec);
    if (!ours && !fs::is_empty(folder, ec))
      return fail(ErrorCode::InvalidInput,
                  "the folder is not empty and holds no Cartograph demo: choose an empty or new folder", folder.string());
    for (const auto& entry : fs::directory_iterator(folder, ec)) {
      const std::string name = entry.path().filename().string();
      const bool demo_entry = name == kManifestName || name.starts_with("demo.json") || name == "territory.jsonl" ||
                              name == "tokenizer" || name == "prompts.txt" || name.starts_with("demo.cartograph") ||
                              name == "base" || name.starts_with("sft-") || name.starts_with("rl-");
      if (demo_entry) fs::remove_all(entry.path(), ec);
      if (ec) return fail(ErrorCode::Io, "cannot clear the old demo", entry.path().string(), ec.message());
    }
  }
  std::ofstream(folder / kMarker) << "A Cartograph demo folder: cartograph-cli demo rebuilds its contents.\n";
  return {};
}

model::ModelConfig model_config(const DemoRecipe& r, std::int64_t vocab) {
  model::ModelConfig c;
  c.architecture = model::Architecture::Llama;
  c.hf_architecture = "LlamaForCausalLM";
  c.dim = r.dim;
  c.hidden_dim = r.hidden_dim;
  c.n_layers = r.n_layers;
  c.n_heads = c.n_kv_heads = r.n_heads;
  c.vocab_size = vocab;
  c.max_seq_len = r.context;
  c.norm_eps = 1e-5;
  c.tied_embeddings = true;
  c.rope_pairing = model::RopePairing::Halves;
  return c;
}

std::string escape_prompt_line(const std::string& text) {
  std::string out;
  for (char c : text) out += c == '\n' ? std::string("\\n") : std::string(1, c);
  return out;
}

// Everything one build needs to keep between its stages.
class Builder {
 public:
  Builder(const DemoOptions& options, FortuneCorpus corpus, fs::path folder, std::string key,
          std::optional<BlasPin>& pin, Job& job)
      : o_(options), r_(options.recipe), corpus_(std::move(corpus)), folder_(std::move(folder)), pin_(pin), job_(job) {
    result_.key = std::move(key);
    result_.folder = folder_;
  }

  Result<DemoResult> build() {
    const auto t0 = Clock::now();
    const auto stage = [&](const char* name, auto&& fn) -> Result<void> {
      const auto s0 = Clock::now();
      auto r = fn();
      result_.stage_seconds.emplace_back(name, seconds_since(s0));
      return r;
    };
    if (auto r = stage("split", [&] { return split(); }); !r) return std::unexpected(r.error());
    if (auto r = stage("tokenizer", [&] { return tokenizer(); }); !r) return std::unexpected(r.error());
    if (auto r = stage("pretrain", [&] { return pretrain(); }); !r) return std::unexpected(r.error());
    if (auto r = stage("sft", [&] { return fine_tune(); }); !r) return std::unexpected(r.error());
    if (auto r = stage("rl", [&] { return reinforce(); }); !r) return std::unexpected(r.error());
    pin_.reset();  // the weights are trained: the session's run may have the pool to itself
    if (auto r = stage("checkpoints", [&] { return write_checkpoints(); }); !r) return std::unexpected(r.error());
    if (auto r = stage("session", [&] { return write_session(); }); !r) return std::unexpected(r.error());
    result_.seconds = seconds_since(t0);
    if (auto r = write_manifest(result_, folder_); !r) return std::unexpected(r.error());
    return result_;
  }

 private:
  Result<void> split() {
    std::vector<Fortune> held;
    for (Fortune& f : corpus_.fortunes) (is_held_out(f.text, r_.held_out_fraction) ? held : train_).push_back(f);
    if (r_.max_territory_documents > 0 && std::int64_t(held.size()) > r_.max_territory_documents) {
      // Every held-out fortune of the fine-tuned category (its slice needs them), and an even stride
      // through the others, which keeps each other category's share; corpus order is kept.
      std::vector<std::size_t> rest;
      for (std::size_t i = 0; i < held.size(); ++i)
        if (held[i].category != r_.sft_category) rest.push_back(i);
      const std::int64_t own = std::int64_t(held.size() - rest.size());
      const std::int64_t n = std::max<std::int64_t>(0, r_.max_territory_documents - own);
      std::vector<bool> keep(held.size(), false);
      for (std::size_t i = 0; i < held.size(); ++i) keep[i] = held[i].category == r_.sft_category;
      for (std::int64_t k = 0; k < std::min<std::int64_t>(n, std::int64_t(rest.size())); ++k)
        keep[rest[std::size_t(k * std::int64_t(rest.size()) / n)]] = true;
      std::vector<Fortune> kept;
      for (std::size_t i = 0; i < held.size(); ++i)
        if (keep[i]) kept.push_back(std::move(held[i]));
      held = std::move(kept);
    }
    const auto count = [&](const std::vector<Fortune>& v) {
      return std::count_if(v.begin(), v.end(), [&](const Fortune& f) { return f.category == r_.sft_category; });
    };
    if (!std::binary_search(corpus_.categories.begin(), corpus_.categories.end(), r_.sft_category)) {
      std::string names;
      for (const auto& c : corpus_.categories) names += (names.empty() ? "" : ", ") + c;
      return fail(ErrorCode::InvalidInput, "no fortune category \"" + r_.sft_category + "\"; there are: " + names,
                  o_.fortunes.string());
    }
    if (count(held) < 5 || count(train_) < 20)
      return fail(ErrorCode::InvalidInput, "the category \"" + r_.sft_category + "\" has too few fortunes to fine-tune on",
                  o_.fortunes.string());
    result_.territory = folder_ / "territory.jsonl";
    result_.training_documents = std::int64_t(train_.size());
    result_.territory_documents = std::int64_t(held.size());
    return write_territory_jsonl(result_.territory, held);
  }

  Result<void> tokenizer() {
    std::vector<std::string> texts;
    for (const Fortune& f : train_) texts.push_back(f.text);
    auto bpe = train_byte_bpe(texts, {.vocab_size = r_.vocab_size, .bos_token = kBosToken}, job_);
    if (!bpe) return std::unexpected(bpe.error());
    std::error_code ec;
    fs::create_directories(folder_ / "tokenizer", ec);
    if (ec) return fail(ErrorCode::Io, "cannot create the tokenizer folder", (folder_ / "tokenizer").string(), ec.message());
    result_.tokenizer = folder_ / "tokenizer" / "tokenizer.json";
    if (auto w = write_tokenizer_json(*bpe, result_.tokenizer); !w) return w;
    // Everything downstream uses the tokenizer as the real loader reads it.
    auto loaded = tokenize::load_tokenizer(result_.tokenizer);
    if (!loaded) return std::unexpected(loaded.error());
    tok_ = *loaded;
    if (!tok_->bos_id() || !tok_->adds_bos())
      return fail(ErrorCode::Internal, "the trained tokenizer reads back without its BOS", result_.tokenizer.string());
    bos_ = *tok_->bos_id();

    // A share of the pretraining fortunes carry their category as a header line, as real corpora
    // carry titles and tags: the base map learns what each category looks like when told, and the
    // header alone becomes a conditioning prompt (zoom). Fine-tuning and RL use untagged text.
    std::mt19937_64 tag_rng(seed_for(o_.seed, "category headers"));
    job_.begin("tokenizing the training fortunes", std::int64_t(train_.size()));
    for (const Fortune& f : train_) {
      std::vector<std::int32_t> ids = tok_->encode(f.text);
      const bool tagged = double(tag_rng() >> 11) * 0x1.0p-53 < r_.tagged_fraction;
      const std::vector<std::int32_t> pretraining = tagged ? tok_->encode(category_header(f.category) + f.text) : ids;
      stream_.insert(stream_.end(), pretraining.begin(), pretraining.end());
      if (f.category == r_.sft_category) sft_stream_.insert(sft_stream_.end(), ids.begin(), ids.end());
      train_ids_.push_back(std::move(ids));
      if (!job_.advance()) return fail(ErrorCode::Cancelled, "cancelled");
    }
    result_.training_tokens = std::int64_t(stream_.size());
    return {};
  }

  Result<void> pretrain() {
    auto base = TrainableLlama::create(model_config(r_, tok_->vocab_size()), seed_for(o_.seed, "init"));
    if (!base) return std::unexpected(base.error());
    base_.emplace(std::move(*base));
    LmTrainOptions t;
    t.stage = "pretraining the base map";
    t.steps = r_.pretrain_steps;
    t.batch = r_.batch;
    t.seq_len = r_.context;
    t.lr = r_.lr;
    t.min_lr = r_.lr / 10;
    t.warmup = std::max<std::int64_t>(1, r_.pretrain_steps / 20);
    t.seed = seed_for(o_.seed, "pretrain");
    auto log = train_language_model(*base_, stream_, t, job_);
    if (!log) return std::unexpected(log.error());
    record_curve("pretrain_loss", log->loss);
    return {};
  }

  Result<void> fine_tune() {
    sft_.emplace(base_->clone());
    LmTrainOptions t;
    t.stage = "fine-tuning on " + r_.sft_category;
    t.steps = r_.sft_steps;
    t.batch = r_.batch;
    t.seq_len = std::min<std::int64_t>(r_.context, std::int64_t(sft_stream_.size()) / 4);
    t.lr = t.min_lr = r_.sft_lr;
    t.warmup = std::max<std::int64_t>(1, r_.sft_steps / 10);
    t.seed = seed_for(o_.seed, "sft");
    auto log = train_language_model(*sft_, sft_stream_, t, job_);
    if (!log) return std::unexpected(log.error());
    record_curve("sft_loss", log->loss);
    return {};
  }

  // The reward: plain, common wording. A token scores log(1 + its count in the training text) over
  // the same for the most frequent token, so a continuation's reward is how common its tokens are, a
  // crude readability proxy. It is highest for what the base map already finds likely, so REINFORCE
  // sharpens the map (entropy falls; Cui et al. 2025 trace it to the covariance of log-probability and
  // advantage), and with a weak KL penalty the policy collapses onto a few tokens (reward hacking).
  Result<void> reinforce() {
    const std::int64_t V = tok_->vocab_size();
    std::vector<double> count(std::size_t(V), 0.0);
    for (std::int32_t id : stream_) count[std::size_t(id)] += 1;
    const double top = std::log1p(*std::max_element(count.begin(), count.end()));
    token_reward_.resize(std::size_t(V));
    for (std::size_t id = 0; id < count.size(); ++id) token_reward_[id] = float(std::log1p(count[id]) / top);
    for (const bool weak : {true, false}) {
      auto& policy = (weak ? rl_weak_ : rl_strong_).emplace(base_->clone());
      RlOptions t;
      t.stage = weak ? "RL with a weak KL penalty" : "RL with a strong KL penalty";
      t.steps = r_.rl_steps;
      t.samples = r_.rl_samples;
      t.new_tokens = r_.rl_new_tokens;
      t.max_prefix = std::min<std::int64_t>(16, r_.context - r_.rl_new_tokens);
      t.kl_coef = weak ? r_.kl_weak : r_.kl_strong;
      t.lr = r_.rl_lr;
      t.seed = seed_for(o_.seed, "rl");  // the same samples at step 0: only beta differs
      t.token_reward = token_reward_;
      auto log = train_reinforce(policy, *base_, train_ids_, t, job_);
      if (!log) return std::unexpected(log.error());
      record_curve(weak ? "rl_weak_reward" : "rl_strong_reward", log->reward);
      record_curve(weak ? "rl_weak_kl" : "rl_strong_kl", log->kl);
    }
    return {};
  }

  Result<void> write_checkpoints() {
    const std::string sft_name = "sft-" + r_.sft_category;
    const struct {
      std::string name;
      const TrainableLlama* model;
      std::string description;
    } maps[] = {
        {"base", &*base_,
         "Pretrained on the training fortunes of every category (three in four preceded by a \"[category]\" "
         "header line): the map the others are compared with."},
        {sft_name, &*sft_,
         "Fine-tuned on the " + r_.sft_category + " fortunes only. Expect Δnll < 0 on " + r_.sft_category +
             " and > 0 on every other category; the prompt \"[" + r_.sft_category + "]\" recovers part of its KL (zoom)."},
        {"rl-weak-kl", &*rl_weak_,
         "REINFORCE toward common wording (a token's reward grows with its frequency) with a weak KL "
             "penalty (beta " +
             std::to_string(r_.kl_weak) + "): the reward is hacked, entropy falls most."},
        {"rl-strong-kl", &*rl_strong_,
         "The same reward with a strong KL penalty (beta " + std::to_string(r_.kl_strong) +
             "): a smaller, bounded change; entropy falls less."}};
    job_.begin("writing checkpoints", 4);
    for (const auto& m : maps) {
      const fs::path dir = folder_ / m.name;
      auto runtime = m.model->runtime_model();
      if (!runtime) return std::unexpected(runtime.error());
      model::HfExportOptions x;
      x.tokenizer_file = result_.tokenizer;
      x.bos_token_id = bos_;
      if (auto w = model::write_hf_llama(**runtime, dir, x); !w) return w;
      // Evaluate what the real loader reads, not the trainer's tensors.
      auto ckpt = model::load_checkpoint(dir);
      if (!ckpt) return std::unexpected(ckpt.error());
      DemoMap d{m.name, m.name == "base" ? "base" : "tuned", dir, ckpt->info.sha256, m.description, {}, 0};
      if (auto s = describe_samples(*ckpt, d); !s) return s;
      checkpoints_.push_back(std::move(*ckpt));
      result_.maps.push_back(std::move(d));
      if (!job_.advance()) return fail(ErrorCode::Cancelled, "cancelled");
    }
    return {};
  }

  // Mean of the first and of the last 10% of a curve.
  void record_curve(const std::string& name, const std::vector<double>& v) {
    if (v.empty()) return;
    const std::size_t n = std::max<std::size_t>(1, v.size() / 10);
    const auto mean = [&](auto b, auto e) { return std::accumulate(b, e, 0.0) / double(e - b); };
    result_.training.emplace_back(name + "_first", mean(v.begin(), v.begin() + std::ptrdiff_t(n)));
    result_.training.emplace_back(name + "_last", mean(v.end() - std::ptrdiff_t(n), v.end()));
  }

  // The greedy continuation of BOS, and the mean reward of sampled continuations.
  Result<void> describe_samples(const model::Checkpoint& c, DemoMap& d) {
    model::SampleOptions s;
    s.max_new_tokens = 64;
    s.temperature = 0;
    s.stop_ids = {bos_};
    const std::vector<std::int32_t> prompt{bos_};
    auto greedy = model::generate(*c.model, prompt, s);
    if (!greedy) return std::unexpected(greedy.error());
    d.greedy_sample = c.tokenizer->decode(greedy->ids);
    const at::Tensor prefix = at::full({32, 1}, std::int64_t(bos_), at::kLong);
    const at::Tensor cont = sample_continuations(*c.model, prefix, r_.rl_new_tokens, seed_for(o_.seed, "evaluate"));
    d.sampled_reward = mean_token_reward(cont, token_reward_).mean().item<double>();
    return {};
  }

  // Up to three short fortunes of `category` within `budget` tokens (the zoomed base must
  // keep most of its window for the document), each followed by the BOS token's text, which the
  // tokenizer reads as BOS: the base saw fortunes separated by BOS in training, so the document
  // then starts as the next fortune of a run of that category (few-shot conditioning).
  // With `characteristic`, the training fortunes the fine-tuned map prefers most over the base
  // (mean log-prob gain per token) come first: the examples a researcher would pick to show the
  // style; otherwise a seeded random choice.
  std::string style_prompt(const std::string& category, std::string_view use, bool characteristic) const {
    const std::size_t budget = std::size_t(r_.context * 3 / 8);
    std::vector<const Fortune*> pool;
    for (const Fortune& f : train_)
      if (f.category == category && f.text.size() <= 120) pool.push_back(&f);
    std::mt19937_64 rng(seed_for(o_.seed, use));
    if (characteristic) {
      std::vector<std::pair<double, const Fortune*>> ranked;
      for (const Fortune* f : pool) ranked.emplace_back(-preference(f->text), f);
      std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
      pool.clear();
      for (const auto& [gain, f] : ranked) pool.push_back(f);
    }
    std::string prompt;
    for (int added = 0; added < 3 && !pool.empty();) {
      const std::size_t k = characteristic ? 0 : std::size_t(rng() % pool.size());
      const std::string longer = prompt + pool[k]->text + kBosToken;
      pool.erase(pool.begin() + std::ptrdiff_t(k));
      if (tok_->encode(longer, false).size() > budget) continue;
      prompt = longer;
      ++added;
    }
    return prompt;
  }

  // Mean over the tokens of `text` (after BOS) of log p_sft - log p_base.
  double preference(const std::string& text) const {
    c10::NoGradGuard no_grad;
    const std::vector<std::int32_t> ids = tok_->encode(text);
    if (ids.size() < 2 || std::int64_t(ids.size()) > r_.context) return -1e9;  // not a usable example
    const at::Tensor input = at::tensor(std::vector<std::int64_t>(ids.begin(), ids.end()), at::kLong).unsqueeze(0);
    const at::Tensor x = input.narrow(1, 0, input.size(1) - 1), y = input.narrow(1, 1, input.size(1) - 1).unsqueeze(-1);
    const at::Tensor gain = at::log_softmax(sft_->forward(x), -1).gather(-1, y) -
                            at::log_softmax(base_->forward(x), -1).gather(-1, y);
    return gain.mean().item<double>();
  }

  Result<void> write_session() {
    // The prompt library: the matching header (the zoom run's prompt) and examples, the same for a
    // control category, and examples in the reward's favourite wording.
    std::string control = "computers";
    if (control == r_.sft_category ||
        !std::binary_search(corpus_.categories.begin(), corpus_.categories.end(), control))
      control = corpus_.categories.front() != r_.sft_category ? corpus_.categories.front() : corpus_.categories.back();
    result_.zoom_prompt = category_header(r_.sft_category);
    std::vector<std::pair<double, const Fortune*>> dense;
    for (const Fortune& f : train_) {
      if (f.text.size() > 80 || f.text.size() < 10) continue;
      const std::vector<std::int32_t> ids = tok_->encode(f.text, false);
      double reward = 0;
      for (std::int32_t id : ids) reward += token_reward_[std::size_t(id)];
      dense.emplace_back(-reward / double(std::max<std::size_t>(1, ids.size())), &f);
    }
    std::stable_sort(dense.begin(), dense.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::string reward_prompt;
    for (std::size_t i = 0, added = 0; i < dense.size() && added < 3; ++i) {
      const std::string longer = reward_prompt + dense[i].second->text + kBosToken;
      if (tok_->encode(longer, false).size() > std::size_t(r_.context * 3 / 8)) continue;
      reward_prompt = longer;
      ++added;
    }
    result_.prompts = {{"matching: the " + r_.sft_category + " header", result_.zoom_prompt},
                       {"matching: " + r_.sft_category + " examples", style_prompt(r_.sft_category, "matching prompt", true)},
                       {"control: the " + control + " header", category_header(control)},
                       {"control: " + control + " examples", style_prompt(control, "control prompt", false)},
                       {"reward: the most common wording", reward_prompt}};
    result_.prompts_file = folder_ / "prompts.txt";
    {
      std::ofstream out(result_.prompts_file, std::ios::binary | std::ios::trunc);
      for (const auto& p : result_.prompts) out << escape_prompt_line(p.text) << '\n';
      if (!out.flush()) return fail(ErrorCode::Io, "cannot write the prompts", result_.prompts_file.string());
    }

    result_.session = folder_ / "demo.cartograph";
    auto session = store::SessionFile::create(result_.session);
    if (!session) return std::unexpected(session.error());
    auto territory = territory::read_territory(result_.territory, {}, job_);
    if (!territory) return std::unexpected(territory.error());

    analysis::RunSpec spec;
    for (std::size_t i = 0; i < checkpoints_.size(); ++i) spec.maps.push_back({checkpoints_[i], result_.maps[i].name});
    spec.territory = *territory;
    spec.settings.threads = o_.threads;
    auto plan = analysis::plan_run(spec, job_);
    if (!plan) return std::unexpected(plan.error());
    auto comparison = store::record_run(*session, spec, *plan, job_);
    if (!comparison) return std::unexpected(comparison.error());
    result_.comparison_run = comparison->run_id;

    analysis::RunSpec zoom;
    zoom.maps = {spec.maps[0], spec.maps[1]};
    zoom.territory = std::move(*territory);
    zoom.settings = spec.settings;
    zoom.settings.prompt = result_.zoom_prompt;
    auto zoom_plan = analysis::plan_run(zoom, job_);
    if (!zoom_plan) return std::unexpected(zoom_plan.error());
    auto zoomed = store::record_run(*session, zoom, *zoom_plan, job_);
    if (!zoomed) return std::unexpected(zoomed.error());
    result_.zoom_run = zoomed->run_id;

    store::Library library(*session);
    for (const auto& p : result_.prompts)
      if (auto s = library.save_prompt(p.name, p.text); !s) return std::unexpected(s.error());
    // Slices, as the GUI saves them: the fine-tuned category and every other one.
    analysis::SliceDefinition own, others;
    own.kind = others.kind = analysis::SliceDefinition::Kind::Metadata;
    own.field = others.field = "category";
    own.values = {r_.sft_category};
    for (const auto& c : corpus_.categories)
      if (c != r_.sft_category) others.values.push_back(c);
    const std::pair<std::string, analysis::SliceDefinition> slices[] = {
        {"category: " + r_.sft_category, own}, {"category: all but " + r_.sft_category, others}};
    for (const auto& [name, definition] : slices)
      if (auto s = library.save_slice(name, definition.to_json()); !s) return std::unexpected(s.error());
    // The workbench opens on the comparison (not the newer zoom run).
    if (auto v = library.set_view_state("gui", nlohmann::json{{"run", result_.comparison_run}}.dump()); !v)
      return std::unexpected(v.error());
    store::Catalog catalog(*session);
    for (const auto& m : result_.maps) {
      auto found = catalog.find_checkpoint(m.sha256);
      if (!found) return std::unexpected(found.error());
      if (*found)
        if (auto n = catalog.set_checkpoint_notes((*found)->id, m.description); !n) return std::unexpected(n.error());
    }
    if (auto c = session->checkpoint(); !c) return c;
    measure_effects(*comparison->result, *zoomed->result);
    return {};
  }

  void measure_effects(const analysis::RunResult& comparison, const analysis::RunResult& zoom) {
    analysis::SummaryAccumulator own(comparison.maps.size()), other(comparison.maps.size());
    for (const auto& d : comparison.documents) {
      const auto it = d.metadata.find("category");
      (it != d.metadata.end() && it->second == r_.sft_category ? own : other).add(d);
    }
    DemoEffects& e = result_.effects;
    e.sft_delta_nll_own = own.finish()[1].delta_nll;
    e.sft_delta_nll_other = other.finish()[1].delta_nll;
    const auto& s = comparison.summaries;
    e.base_nll = s[0].nll_mean;
    e.base_bits_per_byte = s[0].bits_per_byte;
    e.base_entropy = s[0].entropy_mean;
    e.rl_weak_delta_entropy = s[2].delta_entropy;
    e.rl_strong_delta_entropy = s[3].delta_entropy;
    e.rl_weak_kl = s[2].kl_tb_mean;
    e.rl_strong_kl = s[3].kl_tb_mean;
    e.zoom_k0 = zoom.summaries[1].k0;
    e.zoom_kp = zoom.summaries[1].kp;
    e.zoom_recovered = zoom.summaries[1].zoom_recovered;
    // The prompt is in the category's style, so its own documents are where it should explain most.
    analysis::SummaryAccumulator zoom_own(zoom.maps.size(), {}, zoom.zoomed_index());
    for (const auto& d : zoom.documents) {
      const auto it = d.metadata.find("category");
      if (it != d.metadata.end() && it->second == r_.sft_category) zoom_own.add(d);
    }
    const auto own_summary = zoom_own.finish();
    e.zoom_k0_own = own_summary[1].k0;
    e.zoom_kp_own = own_summary[1].kp;
    e.zoom_recovered_own = own_summary[1].zoom_recovered;
  }

  const DemoOptions& o_;
  const DemoRecipe& r_;
  FortuneCorpus corpus_;
  fs::path folder_;
  std::optional<BlasPin>& pin_;  // held from the key until the weights are trained
  Job& job_;
  DemoResult result_;

  std::vector<Fortune> train_;
  std::shared_ptr<const tokenize::Tokenizer> tok_;
  std::int32_t bos_ = 0;
  std::vector<std::int32_t> stream_, sft_stream_;
  std::vector<std::vector<std::int32_t>> train_ids_;
  std::vector<float> token_reward_;
  std::optional<TrainableLlama> base_, sft_, rl_weak_, rl_strong_;
  std::vector<model::Checkpoint> checkpoints_;
};

}  // namespace

fs::path default_demo_root() {
  if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) return fs::path(x) / "cartograph";
  if (const char* h = std::getenv("HOME"); h && *h) return fs::path(h) / ".cache" / "cartograph";
  return fs::temp_directory_path() / "cartograph";
}

std::string demo_key(const DemoOptions& options, const std::string& fortunes_hash) {
  const nlohmann::json key = {{"format", kDemoFormatVersion}, {"recipe", recipe_json(options.recipe)},
                              {"seed", options.seed}, {"threads", options.threads}, {"fortunes", fortunes_hash},
                              {"blas_threads", blas_threads()}};
  return sha256_hex(key.dump());
}

Result<DemoResult> build_demo(const DemoOptions& options, Job& job) {
  const auto t0 = Clock::now();
  if (auto r = check_recipe(options.recipe, options.threads); !r) return std::unexpected(r.error());
  auto corpus = read_fortunes(options.fortunes, job);
  if (!corpus) return std::unexpected(corpus.error());
  // The BLAS pool's size is read for the key and must stay so until the weights are trained.
  std::optional<BlasPin> pin;
  pin.emplace();
  const std::string key = demo_key(options, corpus->content_hash);
  const fs::path root = options.root.empty() ? default_demo_root() : options.root;
  const fs::path folder = options.out.empty() ? root / ("demo-" + key.substr(0, 16)) : options.out;
  if (!options.rebuild) {
    // A demo cached by an earlier version has its session upgraded to this version's schema here, once,
    // so that readers opening it read-only find it current; one that cannot be opened is built again.
    if (auto cached = read_manifest(folder);
        cached && cached->key == key && fs::exists(cached->session) && store::SessionFile::open(cached->session)) {
      cached->cached = true;
      cached->seconds = seconds_since(t0);
      return cached;
    }
  }
  if (auto r = prepare_folder(folder); !r) return std::unexpected(r.error());
  // The build's kernels run with options.threads on this thread only; the process's count and the BLAS
  // pool stay, since the GUI may run another job meanwhile. The pool's size changes the weights' last
  // bits, so it is part of the key (demo_key).
  const ThreadLimit threads(options.threads);
  try {
    Builder builder(options, std::move(*corpus), folder, key, pin, job);
    auto result = builder.build();
    if (result) result->seconds = seconds_since(t0);
    return result;
  } catch (const std::exception& e) {
    return fail(ErrorCode::Internal, "building the demo failed unexpectedly", folder.string(), e.what());
  }
}

}  // namespace core::demo
