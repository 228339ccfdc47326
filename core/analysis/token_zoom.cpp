#include "core/analysis/token_zoom.h"

#include <ATen/ATen.h>
#include <c10/core/InferenceMode.h>

#include <algorithm>
#include <set>

#include "core/analysis/windows.h"

namespace core::analysis {
namespace {

std::vector<std::int64_t> wide(std::span<const std::int32_t> ids) { return {ids.begin(), ids.end()}; }

at::Tensor row_tensor(const std::vector<std::int64_t>& ids) { return at::tensor(ids, at::kLong).unsqueeze(0); }

// log-softmax over the base ids (a tuned map's added ids renormalised away), float64.
at::Tensor log_probs(const at::Tensor& logits, std::int64_t base_vocab) {
  return at::log_softmax(logits.narrow(-1, 0, base_vocab).to(at::kCPU, at::kDouble), -1);
}

}  // namespace

TokenZoomer::TokenZoomer(std::vector<model::Checkpoint> maps, std::vector<std::string> names, std::int64_t window,
                         std::int64_t stride, std::int64_t asked_stride, std::int32_t top_k)
    : maps_(std::move(maps)), names_(std::move(names)), window_(window), stride_(stride), asked_stride_(asked_stride),
      top_k_(top_k) {}

TokenZoomer::~TokenZoomer() = default;

std::int64_t TokenZoomer::scored() const { return features_.empty() ? 0 : features_[0].size(0); }

Result<void> TokenZoomer::set_prompt(const std::string& text) {
  if (maps_.size() < 2) return fail(ErrorCode::InvalidInput, "zoom at a token needs a base and a tuned map");
  const auto& tok = *maps_[0].tokenizer;
  std::vector<std::int32_t> prefix;
  if (tok.adds_bos() && tok.bos_id()) prefix.push_back(std::int32_t(*tok.bos_id()));
  for (auto id : tok.encode(text, false)) prefix.push_back(std::int32_t(id));
  if (text.empty()) return fail(ErrorCode::InvalidInput, "the prompt is empty: a zoom needs a prompt");
  if (std::int64_t(prefix.size()) + 2 > window_)
    return fail(ErrorCode::InvalidInput, "prompt \"" + text.substr(0, 40) + "\": its " + std::to_string(prefix.size()) +
                                             " tokens leave no room in the " + std::to_string(window_) +
                                             "-token context window");
  try {
    c10::InferenceMode inference;
    prompt_cache_.reset();
    const auto& model = *maps_[0].model;
    if (model.supports_cached_trunk()) {
      prompt_cache_ = model.new_cache(1);
      prompt_last_ = model.trunk_after(row_tensor(wide(prefix)), *prompt_cache_)[0][-1].to(at::kFloat);
    } else {
      prompt_last_ = model.trunk(row_tensor(wide(prefix)))[0][-1].to(at::kFloat);
    }
  } catch (const std::exception& e) {
    return fail(ErrorCode::Internal, "the prompt could not be run through the base map", maps_[0].info.path, e.what());
  }
  prefix_ = std::move(prefix);
  prompt_ = text;
  tokens_.clear();
  features_.clear();
  return {};
}

Result<void> TokenZoomer::prepare(const std::vector<std::int32_t>& tokens, Job& job) {
  if (prefix_.empty()) return fail(ErrorCode::InvalidInput, "zoom at a token needs a prompt first");
  const std::int64_t n = std::int64_t(tokens.size());
  const std::int64_t base_vocab = maps_[0].model->config().vocab_size;
  for (std::int32_t id : tokens)
    if (id < 0 || id >= base_vocab)
      return fail(ErrorCode::InvalidInput, "token id " + std::to_string(id) + " is outside the base vocabulary");
  try {
    c10::InferenceMode inference;
    std::vector<at::Tensor> features(maps_.size() + 1);
    const std::int64_t scored = std::max<std::int64_t>(0, n - 1);
    job.begin("preparing the document", std::int64_t(maps_.size() + 1));
    // The maps in the run's windows.
    for (std::size_t m = 0; m < maps_.size(); ++m) {
      const auto& model = *maps_[m].model;
      at::Tensor out;
      for (const Window& w : plan_windows(0, n, window_, stride_)) {
        const at::Tensor h = model.trunk(row_tensor(wide(std::span(tokens).subspan(std::size_t(w.start), std::size_t(w.length())))))[0];
        if (!out.defined()) out = at::empty({scored, h.size(-1)}, at::kFloat);
        out.narrow(0, w.score_from - 1, w.scored()).copy_(h.narrow(0, w.score_from - w.start - 1, w.scored()));
      }
      features[m == 0 ? 0 : m + 1] = out.defined() ? out : at::empty({0, 1}, at::kFloat);
      if (!job.advance()) return fail(ErrorCode::Cancelled, "cancelled");
    }
    // The zoomed base: the prompt's cached keys and values, then windows of W − |prefix| tokens.
    const auto& base = *maps_[0].model;
    const auto& tok = *maps_[0].tokenizer;
    const std::int64_t L = std::int64_t(prefix_.size()), wz = window_ - L;
    // As a zoom run resolves it (zoom_run.cpp).
    const std::int64_t sz = std::min(asked_stride_ > 0 ? asked_stride_ : std::max<std::int64_t>(1, wz / 2), wz - 1);
    at::Tensor out;
    for (const Window& w : plan_windows(0, n, wz, std::max<std::int64_t>(1, sz))) {
      const bool skip_bos = w.start == 0 && tok.adds_bos() && tok.bos_id() && tokens.front() == *tok.bos_id();
      const std::int64_t from = skip_bos ? 1 : w.start;
      const auto doc = wide(std::span(tokens).subspan(std::size_t(from), std::size_t(w.end - from)));
      at::Tensor h;
      if (prompt_cache_ && prompt_cache_->truncate(L)) {
        h = doc.empty() ? at::Tensor() : base.trunk_after(row_tensor(doc), *prompt_cache_)[0];
      } else {
        std::vector<std::int64_t> row = wide(prefix_);
        row.insert(row.end(), doc.begin(), doc.end());
        h = base.trunk(row_tensor(row))[0].narrow(0, L, std::int64_t(doc.size()));
      }
      if (!out.defined()) out = at::empty({scored, prompt_last_.size(0)}, at::kFloat);
      // Document token j sits at row j − from of h; its prediction is the row before it, or, for the
      // first document token after the prefix, the prefix's last row.
      std::int64_t first = w.score_from;
      if (first - from - 1 < 0) {
        out[first - 1].copy_(prompt_last_);
        ++first;
      }
      if (w.end > first) out.narrow(0, first - 1, w.end - first).copy_(h.narrow(0, first - from - 1, w.end - first));
    }
    features[1] = out.defined() ? out : at::empty({0, 1}, at::kFloat);
    job.advance();
    tokens_ = tokens;
    features_ = std::move(features);
    if (prompt_cache_) prompt_cache_->truncate(L);
    return {};
  } catch (const std::exception& e) {
    return fail(ErrorCode::Internal, "the document could not be run through the maps", maps_[0].info.path, e.what());
  }
}

Result<TokenZoom> TokenZoomer::at(std::int64_t index) const {
  if (index < 0 || index >= scored())
    return fail(ErrorCode::InvalidInput, "position " + std::to_string(index) + " is not a scored position of the document");
  try {
    c10::InferenceMode inference;
    const std::int64_t base_vocab = maps_[0].model->config().vocab_size;
    TokenZoom z;
    z.index = index;
    z.target = tokens_[std::size_t(index + 1)];
    z.columns = {names_.empty() ? std::string("base") : names_[0], (names_.empty() ? std::string("base") : names_[0]) + " ⊕ prompt"};
    for (std::size_t m = 1; m < maps_.size(); ++m) z.columns.push_back(m < names_.size() ? names_[m] : "tuned " + std::to_string(m));
    std::vector<at::Tensor> lp(features_.size());
    for (std::size_t c = 0; c < features_.size(); ++c) {
      const auto& model = *maps_[c <= 1 ? 0 : c - 1].model;
      lp[c] = log_probs(model.head(features_[c].narrow(0, index, 1))[0], base_vocab);
    }
    // The shared order: every column's top-k, most probable under the base first.
    std::set<std::int64_t> chosen;
    for (const at::Tensor& l : lp) {
      const at::Tensor top = std::get<1>(l.topk(std::min<std::int64_t>(top_k_, l.size(0))));
      for (std::int64_t i = 0; i < top.size(0); ++i) chosen.insert(top[i].item<std::int64_t>());
    }
    std::vector<std::int64_t> ids(chosen.begin(), chosen.end());
    const at::Tensor base_lp = lp[0];
    std::stable_sort(ids.begin(), ids.end(), [&](std::int64_t a, std::int64_t b) {
      return base_lp[a].item<double>() > base_lp[b].item<double>();
    });
    for (std::int64_t id : ids) z.ids.push_back(std::int32_t(id));
    const at::Tensor index_ids = at::tensor(ids, at::kLong);
    for (const at::Tensor& l : lp) {
      const at::Tensor p = l.index_select(0, index_ids).exp().to(at::kFloat).contiguous();
      z.p.emplace_back(p.data_ptr<float>(), p.data_ptr<float>() + p.numel());
    }
    for (std::size_t c = 2; c < lp.size(); ++c) {
      const at::Tensor pt = lp[c].exp();
      const double tb = (pt * (lp[c] - lp[0])).sum().item<double>();
      const double tz = (pt * (lp[c] - lp[1])).sum().item<double>();
      z.kl_tb.push_back(tb);
      z.kl_tz.push_back(tz);
      z.recovered.push_back(tb > 0 ? 1.0 - tz / tb : 0.0);
    }
    return z;
  } catch (const std::exception& e) {
    return fail(ErrorCode::Internal, "the zoom at position " + std::to_string(index) + " failed", maps_[0].info.path, e.what());
  }
}

}  // namespace core::analysis
