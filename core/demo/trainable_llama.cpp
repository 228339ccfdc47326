#include "core/demo/trainable_llama.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>

#include <cmath>
#include <limits>

namespace core::demo {
namespace {

at::Tensor rms_norm(const at::Tensor& x, const at::Tensor& w, double eps) {
  return x * at::rsqrt(x.pow(2).mean(-1, true) + eps) * w;
}

// (x1, x2) -> (x1 cos - x2 sin, x2 cos + x1 sin) for the halves x1 = x[..., :hd/2], x2 = x[..., hd/2:].
at::Tensor rotate(const at::Tensor& x, const at::Tensor& cos, const at::Tensor& sin) {
  const std::int64_t half = x.size(-1) / 2;
  const at::Tensor rotated = at::cat({x.narrow(-1, half, half).neg(), x.narrow(-1, 0, half)}, -1);
  return x * cos + rotated * sin;
}

}  // namespace

Result<TrainableLlama> TrainableLlama::create(const model::ModelConfig& c, std::uint64_t seed) {
  if (c.dim <= 0 || c.n_heads <= 0 || c.dim % c.n_heads || c.head_dim() % 2 || c.n_layers <= 0 ||
      c.hidden_dim <= 0 || c.vocab_size <= 0 || c.max_seq_len <= 0)
    return fail(ErrorCode::InvalidInput, "the demo model's sizes are inconsistent");
  if (c.n_kv_heads != c.n_heads || !c.tied_embeddings || c.qkv_bias || c.rope_pairing != model::RopePairing::Halves)
    return fail(ErrorCode::Unsupported, "the trainable Llama is tied, bias-free, without grouped queries, RoPE on halves");
  TrainableLlama m;
  m.config_ = c;
  auto gen = at::make_generator<at::CPUGeneratorImpl>(seed);
  const double resid = 0.02 / std::sqrt(2.0 * double(c.n_layers));
  const auto normal = [&](std::int64_t rows, std::int64_t cols, double std) {
    at::Tensor t = at::empty({rows, cols}, at::kFloat);
    t.normal_(0.0, std, gen);
    return t.set_requires_grad(true);
  };
  const auto ones = [](std::int64_t n) { return at::ones({n}, at::kFloat).set_requires_grad(true); };
  m.embed_ = normal(c.vocab_size, c.dim, 0.02);
  for (std::int64_t l = 0; l < c.n_layers; ++l) {
    model::LlamaLayerWeights L;
    L.attn_norm = ones(c.dim);
    L.wq = normal(c.dim, c.dim, 0.02);
    L.wk = normal(c.dim, c.dim, 0.02);
    L.wv = normal(c.dim, c.dim, 0.02);
    L.wo = normal(c.dim, c.dim, resid);
    L.ffn_norm = ones(c.dim);
    L.w_gate = normal(c.hidden_dim, c.dim, 0.02);
    L.w_up = normal(c.hidden_dim, c.dim, 0.02);
    L.w_down = normal(c.dim, c.hidden_dim, resid);
    m.layers_.push_back(std::move(L));
  }
  m.final_norm_ = ones(c.dim);

  // Angles as transformers computes them in float: inv_freq = 1 / theta^(2i/hd), angle = pos * inv_freq.
  const std::int64_t hd = c.head_dim(), half = hd / 2;
  m.cos_ = at::empty({c.max_seq_len, hd}, at::kFloat);
  m.sin_ = at::empty({c.max_seq_len, hd}, at::kFloat);
  float* cp = m.cos_.data_ptr<float>();
  float* sp = m.sin_.data_ptr<float>();
  for (std::int64_t p = 0; p < c.max_seq_len; ++p)
    for (std::int64_t i = 0; i < half; ++i) {
      const float inv = 1.0f / std::pow(float(c.rope_theta), float(2 * i) / float(hd));
      const float angle = float(p) * inv;
      cp[p * hd + i] = cp[p * hd + i + half] = std::cos(angle);
      sp[p * hd + i] = sp[p * hd + i + half] = std::sin(angle);
    }
  return m;
}

Result<TrainableLlama> TrainableLlama::from_model(const model::LlamaModel& model) {
  const model::ModelConfig& c = model.config();
  auto m = create(c, 0);
  if (!m) return m;
  const model::LlamaWeights& w = model.weights();
  const auto copy = [](const at::Tensor& t) { return t.detach().clone().set_requires_grad(true); };
  m->embed_ = copy(w.embed);
  for (std::size_t l = 0; l < w.layers.size(); ++l) {
    const auto& s = w.layers[l];
    if (s.bq.defined() || s.bo.defined() || s.b_gate.defined() || s.b_up.defined() || s.b_down.defined())
      return fail(ErrorCode::Unsupported, "the trainable Llama has no biases");
    auto& d = m->layers_[l];
    d.attn_norm = copy(s.attn_norm);
    d.wq = copy(s.wq);
    d.wk = copy(s.wk);
    d.wv = copy(s.wv);
    d.wo = copy(s.wo);
    d.ffn_norm = copy(s.ffn_norm);
    d.w_gate = copy(s.w_gate);
    d.w_up = copy(s.w_up);
    d.w_down = copy(s.w_down);
  }
  m->final_norm_ = copy(w.final_norm);
  return m;
}

std::vector<at::Tensor> TrainableLlama::parameters() const {
  std::vector<at::Tensor> p{embed_};
  for (const auto& L : layers_)
    for (const at::Tensor* t : {&L.attn_norm, &L.wq, &L.wk, &L.wv, &L.wo, &L.ffn_norm, &L.w_gate, &L.w_up, &L.w_down})
      p.push_back(*t);
  p.push_back(final_norm_);
  return p;
}

at::Tensor TrainableLlama::forward(const at::Tensor& ids) const {
  const std::int64_t B = ids.size(0), T = ids.size(1), H = config_.n_heads, hd = config_.head_dim();
  const double eps = config_.norm_eps;
  const at::Tensor cos = cos_.narrow(0, 0, T).view({1, 1, T, hd});
  const at::Tensor sin = sin_.narrow(0, 0, T).view({1, 1, T, hd});
  const at::Tensor mask =
      at::full({T, T}, -std::numeric_limits<float>::infinity(), at::kFloat).triu(1).view({1, 1, T, T});
  const double scale = 1.0 / std::sqrt(double(hd));
  at::Tensor x = at::embedding(embed_, ids);
  for (const auto& L : layers_) {
    const at::Tensor h = rms_norm(x, L.attn_norm, eps);
    const at::Tensor q = rotate(at::linear(h, L.wq).view({B, T, H, hd}).transpose(1, 2), cos, sin);
    const at::Tensor k = rotate(at::linear(h, L.wk).view({B, T, H, hd}).transpose(1, 2), cos, sin);
    const at::Tensor v = at::linear(h, L.wv).view({B, T, H, hd}).transpose(1, 2);
    const at::Tensor scores = at::matmul(q, k.transpose(-2, -1)) * scale + mask;
    const at::Tensor attn = at::matmul(at::softmax(scores, -1), v).transpose(1, 2).reshape({B, T, H * hd});
    x = x + at::linear(attn, L.wo);
    const at::Tensor g = rms_norm(x, L.ffn_norm, eps);
    x = x + at::linear(at::silu(at::linear(g, L.w_gate)) * at::linear(g, L.w_up), L.w_down);
  }
  return at::linear(rms_norm(x, final_norm_, eps), embed_);
}

TrainableLlama TrainableLlama::clone() const {
  TrainableLlama m = *this;
  const auto copy = [](const at::Tensor& t) { return t.detach().clone().set_requires_grad(true); };
  m.embed_ = copy(embed_);
  for (auto& L : m.layers_)
    for (at::Tensor* t : {&L.attn_norm, &L.wq, &L.wk, &L.wv, &L.wo, &L.ffn_norm, &L.w_gate, &L.w_up, &L.w_down})
      *t = copy(*t);
  m.final_norm_ = copy(final_norm_);
  return m;
}

Result<std::shared_ptr<const model::LlamaModel>> TrainableLlama::runtime_model() const {
  model::LlamaWeights w;
  w.embed = embed_.detach();
  for (const auto& L : layers_) {
    model::LlamaLayerWeights d;
    d.attn_norm = L.attn_norm.detach();
    d.wq = L.wq.detach();
    d.wk = L.wk.detach();
    d.wv = L.wv.detach();
    d.wo = L.wo.detach();
    d.ffn_norm = L.ffn_norm.detach();
    d.w_gate = L.w_gate.detach();
    d.w_up = L.w_up.detach();
    d.w_down = L.w_down.detach();
    w.layers.push_back(std::move(d));
  }
  w.final_norm = final_norm_.detach();
  return model::LlamaModel::create(config_, std::move(w));
}

}  // namespace core::demo
