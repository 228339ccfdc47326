#pragma once
// Tiny random models for the model tests, written to disk the way real exporters write them, and a
// naive reference forward pass (plain loops in double over std::vector, no ATen) to check against.
#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "core/model/checkpoint.h"
#include "core/model/safetensors_writer.h"

namespace fixtures {

// Load options for tests that do not time or record the weights' hash.
inline core::model::LoadOptions no_hash() {
  core::model::LoadOptions o;
  o.hash_weights = false;
  return o;
}

using Matrix = std::vector<std::vector<double>>;  // [T][V]

struct Weight {
  std::vector<std::int64_t> shape;
  std::vector<float> data;
};
using Weights = std::map<std::string, Weight>;

inline Weight random_weight(std::mt19937& rng, std::vector<std::int64_t> shape, double scale, double offset = 0) {
  std::normal_distribution<double> n(0.0, 1.0);
  std::int64_t count = 1;
  for (auto s : shape) count *= s;
  Weight w{shape, {}};
  for (std::int64_t i = 0; i < count; ++i) w.data.push_back(float(offset + scale * n(rng)));
  return w;
}

inline at::Tensor to_tensor(const Weight& w) {
  return at::from_blob(const_cast<float*>(w.data.data()), w.shape, at::kFloat).clone();
}

inline std::vector<core::model::NamedTensor> named(const Weights& ws) {
  std::vector<core::model::NamedTensor> out;
  for (const auto& [name, w] : ws) out.push_back({name, to_tensor(w)});
  return out;
}

inline void write_json(const std::filesystem::path& p, const nlohmann::json& j) {
  std::ofstream(p) << j.dump(2);
}

// y = W x (+ b), W row-major [out, in].
inline std::vector<double> matvec(const Weight& W, const std::vector<double>& x, const Weight* b = nullptr) {
  const auto out = W.shape[0], in = W.shape[1];
  std::vector<double> y(std::size_t(out), 0.0);
  for (std::int64_t o = 0; o < out; ++o) {
    double s = b ? b->data[std::size_t(o)] : 0.0;
    for (std::int64_t i = 0; i < in; ++i) s += double(W.data[std::size_t(o * in + i)]) * x[std::size_t(i)];
    y[std::size_t(o)] = s;
  }
  return y;
}

// y = x W + b with W row-major [in, out] (GPT-2's Conv1D).
inline std::vector<double> conv1d(const Weight& W, const Weight& b, const std::vector<double>& x) {
  const auto in = W.shape[0], out = W.shape[1];
  std::vector<double> y(b.data.begin(), b.data.end());
  for (std::int64_t i = 0; i < in; ++i)
    for (std::int64_t o = 0; o < out; ++o) y[std::size_t(o)] += x[std::size_t(i)] * double(W.data[std::size_t(i * out + o)]);
  return y;
}

inline std::vector<double> rms_norm(const std::vector<double>& x, const Weight& w, double eps) {
  double ss = 0;
  for (double v : x) ss += v * v;
  const double r = 1.0 / std::sqrt(ss / double(x.size()) + eps);
  std::vector<double> y(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) y[i] = x[i] * r * w.data[i];
  return y;
}

inline std::vector<double> layer_norm(const std::vector<double>& x, const Weight& w, const Weight& b, double eps) {
  double mean = 0, var = 0;
  for (double v : x) mean += v;
  mean /= double(x.size());
  for (double v : x) var += (v - mean) * (v - mean);
  var /= double(x.size());
  std::vector<double> y(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) y[i] = (x[i] - mean) / std::sqrt(var + eps) * w.data[i] + b.data[i];
  return y;
}

// Causal attention over per-position q [T][H*hd], k, v [T][KVH*hd]; query head h reads kv head h / (H/KVH).
inline std::vector<std::vector<double>> attention(const std::vector<std::vector<double>>& q,
                                                  const std::vector<std::vector<double>>& k,
                                                  const std::vector<std::vector<double>>& v, int H, int KVH, int hd) {
  const std::size_t T = q.size();
  std::vector<std::vector<double>> out(T, std::vector<double>(std::size_t(H * hd), 0.0));
  for (std::size_t t = 0; t < T; ++t)
    for (int h = 0; h < H; ++h) {
      const int g = h / (H / KVH);
      std::vector<double> s(t + 1);
      double mx = -1e300;
      for (std::size_t u = 0; u <= t; ++u) {
        double dot = 0;
        for (int i = 0; i < hd; ++i) dot += q[t][std::size_t(h * hd + i)] * k[u][std::size_t(g * hd + i)];
        s[u] = dot / std::sqrt(double(hd));
        mx = std::max(mx, s[u]);
      }
      double z = 0;
      for (auto& e : s) z += (e = std::exp(e - mx));
      for (std::size_t u = 0; u <= t; ++u)
        for (int i = 0; i < hd; ++i) out[t][std::size_t(h * hd + i)] += s[u] / z * v[u][std::size_t(g * hd + i)];
    }
  return out;
}

struct LlamaSpec {
  int dim = 16, hidden = 24, layers = 2, heads = 4, kv_heads = 2, vocab = 37, context = 32;
  double eps = 1e-6, theta = 10000.0;
  bool tied = false, qkv_bias = false;
};

// Random weights under Hugging Face names (the llama2.c writer below maps them to its layout).
inline Weights random_llama(const LlamaSpec& s, unsigned seed) {
  std::mt19937 rng(seed);
  const std::int64_t d = s.dim, hd = s.dim / s.heads, F = s.hidden;
  Weights w;
  w["model.embed_tokens.weight"] = random_weight(rng, {s.vocab, d}, 0.5);
  for (int l = 0; l < s.layers; ++l) {
    const std::string n = "model.layers." + std::to_string(l) + ".";
    w[n + "input_layernorm.weight"] = random_weight(rng, {d}, 0.1, 1.0);
    w[n + "self_attn.q_proj.weight"] = random_weight(rng, {s.heads * hd, d}, 0.3);
    w[n + "self_attn.k_proj.weight"] = random_weight(rng, {s.kv_heads * hd, d}, 0.3);
    w[n + "self_attn.v_proj.weight"] = random_weight(rng, {s.kv_heads * hd, d}, 0.3);
    w[n + "self_attn.o_proj.weight"] = random_weight(rng, {d, s.heads * hd}, 0.3);
    if (s.qkv_bias) {
      w[n + "self_attn.q_proj.bias"] = random_weight(rng, {s.heads * hd}, 0.2);
      w[n + "self_attn.k_proj.bias"] = random_weight(rng, {s.kv_heads * hd}, 0.2);
      w[n + "self_attn.v_proj.bias"] = random_weight(rng, {s.kv_heads * hd}, 0.2);
    }
    w[n + "post_attention_layernorm.weight"] = random_weight(rng, {d}, 0.1, 1.0);
    w[n + "mlp.gate_proj.weight"] = random_weight(rng, {F, d}, 0.3);
    w[n + "mlp.up_proj.weight"] = random_weight(rng, {F, d}, 0.3);
    w[n + "mlp.down_proj.weight"] = random_weight(rng, {d, F}, 0.3);
  }
  w["model.norm.weight"] = random_weight(rng, {d}, 0.1, 1.0);
  if (!s.tied) w["lm_head.weight"] = random_weight(rng, {s.vocab, d}, 0.5);
  return w;
}

inline nlohmann::json llama_config(const LlamaSpec& s, const std::string& arch = "LlamaForCausalLM") {
  return {{"architectures", {arch}},
          {"hidden_size", s.dim},
          {"intermediate_size", s.hidden},
          {"num_hidden_layers", s.layers},
          {"num_attention_heads", s.heads},
          {"num_key_value_heads", s.kv_heads},
          {"max_position_embeddings", s.context},
          {"rms_norm_eps", s.eps},
          {"rope_theta", s.theta},
          {"tie_word_embeddings", s.tied},
          {"vocab_size", s.vocab},
          {"hidden_act", "silu"}};
}

// The reference: `adjacent` rotates pairs (2i, 2i+1) as llama2.c does, else (i, i + hd/2) as HF does.
inline Matrix naive_llama(const LlamaSpec& s, const Weights& w, const std::vector<int>& ids, bool adjacent) {
  const int hd = s.dim / s.heads, half = hd / 2;
  auto W = [&](const std::string& n) -> const Weight& { return w.at(n); };
  auto B = [&](const std::string& n) -> const Weight* { return w.count(n) ? &w.at(n) : nullptr; };
  auto rope = [&](std::vector<double>& x, int heads, std::size_t pos) {
    for (int h = 0; h < heads; ++h)
      for (int i = 0; i < half; ++i) {
        const double angle = double(pos) * std::pow(s.theta, -2.0 * i / hd);
        const std::size_t a = std::size_t(h * hd + (adjacent ? 2 * i : i));
        const std::size_t b = std::size_t(h * hd + (adjacent ? 2 * i + 1 : i + half));
        const double xa = x[a], xb = x[b];
        x[a] = xa * std::cos(angle) - xb * std::sin(angle);
        x[b] = xb * std::cos(angle) + xa * std::sin(angle);
      }
  };
  const auto& E = W("model.embed_tokens.weight");
  std::vector<std::vector<double>> x;
  for (int id : ids) x.emplace_back(E.data.begin() + id * s.dim, E.data.begin() + (id + 1) * s.dim);
  for (int l = 0; l < s.layers; ++l) {
    const std::string n = "model.layers." + std::to_string(l) + ".";
    std::vector<std::vector<double>> q, k, v;
    for (std::size_t t = 0; t < x.size(); ++t) {
      const auto h = rms_norm(x[t], W(n + "input_layernorm.weight"), s.eps);
      q.push_back(matvec(W(n + "self_attn.q_proj.weight"), h, B(n + "self_attn.q_proj.bias")));
      k.push_back(matvec(W(n + "self_attn.k_proj.weight"), h, B(n + "self_attn.k_proj.bias")));
      v.push_back(matvec(W(n + "self_attn.v_proj.weight"), h, B(n + "self_attn.v_proj.bias")));
      rope(q.back(), s.heads, t);
      rope(k.back(), s.kv_heads, t);
    }
    const auto a = attention(q, k, v, s.heads, s.kv_heads, hd);
    for (std::size_t t = 0; t < x.size(); ++t) {
      const auto o = matvec(W(n + "self_attn.o_proj.weight"), a[t]);
      for (int i = 0; i < s.dim; ++i) x[t][std::size_t(i)] += o[std::size_t(i)];
      const auto h = rms_norm(x[t], W(n + "post_attention_layernorm.weight"), s.eps);
      auto g = matvec(W(n + "mlp.gate_proj.weight"), h);
      const auto u = matvec(W(n + "mlp.up_proj.weight"), h);
      for (std::size_t i = 0; i < g.size(); ++i) g[i] = g[i] / (1.0 + std::exp(-g[i])) * u[i];
      const auto dn = matvec(W(n + "mlp.down_proj.weight"), g);
      for (int i = 0; i < s.dim; ++i) x[t][std::size_t(i)] += dn[std::size_t(i)];
    }
  }
  Matrix logits;
  const auto& head = s.tied ? E : W("lm_head.weight");
  for (auto& xt : x) logits.push_back(matvec(head, rms_norm(xt, W("model.norm.weight"), s.eps)));
  return logits;
}

// Writes the weights as a llama2.c legacy .bin (negative vocab when the head is separate); the
// q/k rows are written as they are, so the file means adjacent-pair RoPE on the same numbers.
inline void write_llama2c(const std::filesystem::path& p, const LlamaSpec& s, const Weights& w) {
  std::ofstream out(p, std::ios::binary);
  const std::int32_t header[7] = {s.dim, s.hidden, s.layers, s.heads, s.kv_heads, s.tied ? s.vocab : -s.vocab,
                                  s.context};
  out.write(reinterpret_cast<const char*>(header), sizeof header);
  auto put = [&](const Weight& t) {
    out.write(reinterpret_cast<const char*>(t.data.data()), std::streamsize(t.data.size() * 4));
  };
  auto each = [&](const std::string& suffix) {
    for (int l = 0; l < s.layers; ++l) put(w.at("model.layers." + std::to_string(l) + "." + suffix));
  };
  put(w.at("model.embed_tokens.weight"));
  each("input_layernorm.weight");
  each("self_attn.q_proj.weight");
  each("self_attn.k_proj.weight");
  each("self_attn.v_proj.weight");
  each("self_attn.o_proj.weight");
  each("post_attention_layernorm.weight");
  each("mlp.gate_proj.weight");
  each("mlp.down_proj.weight");
  each("mlp.up_proj.weight");
  put(w.at("model.norm.weight"));
  const std::vector<float> freq(std::size_t(s.context * (s.dim / s.heads)), 0.0f);  // legacy tables, unused
  out.write(reinterpret_cast<const char*>(freq.data()), std::streamsize(freq.size() * 4));
  if (!s.tied) put(w.at("lm_head.weight"));
}

struct Gpt2Spec {
  int dim = 16, layers = 2, heads = 4, vocab = 41, positions = 24;
  double eps = 1e-5;
};

inline Weights random_gpt2(const Gpt2Spec& s, unsigned seed, const std::string& prefix = "transformer.") {
  std::mt19937 rng(seed);
  const std::int64_t d = s.dim;
  Weights w;
  w[prefix + "wte.weight"] = random_weight(rng, {s.vocab, d}, 0.5);
  w[prefix + "wpe.weight"] = random_weight(rng, {s.positions, d}, 0.3);
  for (int l = 0; l < s.layers; ++l) {
    const std::string n = prefix + "h." + std::to_string(l) + ".";
    w[n + "ln_1.weight"] = random_weight(rng, {d}, 0.1, 1.0);
    w[n + "ln_1.bias"] = random_weight(rng, {d}, 0.1);
    w[n + "attn.c_attn.weight"] = random_weight(rng, {d, 3 * d}, 0.3);
    w[n + "attn.c_attn.bias"] = random_weight(rng, {3 * d}, 0.1);
    w[n + "attn.c_proj.weight"] = random_weight(rng, {d, d}, 0.3);
    w[n + "attn.c_proj.bias"] = random_weight(rng, {d}, 0.1);
    w[n + "ln_2.weight"] = random_weight(rng, {d}, 0.1, 1.0);
    w[n + "ln_2.bias"] = random_weight(rng, {d}, 0.1);
    w[n + "mlp.c_fc.weight"] = random_weight(rng, {d, 4 * d}, 0.3);
    w[n + "mlp.c_fc.bias"] = random_weight(rng, {4 * d}, 0.1);
    w[n + "mlp.c_proj.weight"] = random_weight(rng, {4 * d, d}, 0.3);
    w[n + "mlp.c_proj.bias"] = random_weight(rng, {d}, 0.1);
  }
  w[prefix + "ln_f.weight"] = random_weight(rng, {d}, 0.1, 1.0);
  w[prefix + "ln_f.bias"] = random_weight(rng, {d}, 0.1);
  return w;
}

inline nlohmann::json gpt2_config(const Gpt2Spec& s) {
  return {{"architectures", {"GPT2LMHeadModel"}}, {"model_type", "gpt2"},     {"n_embd", s.dim},
          {"n_layer", s.layers},                  {"n_head", s.heads},        {"n_positions", s.positions},
          {"vocab_size", s.vocab},                {"layer_norm_epsilon", s.eps}, {"activation_function", "gelu_new"}};
}

inline Matrix naive_gpt2(const Gpt2Spec& s, const Weights& w, const std::vector<int>& ids,
                         const std::string& prefix = "transformer.") {
  const int d = s.dim, hd = d / s.heads;
  auto W = [&](const std::string& n) -> const Weight& { return w.at(prefix + n); };
  std::vector<std::vector<double>> x;
  for (std::size_t t = 0; t < ids.size(); ++t) {
    std::vector<double> e(static_cast<std::size_t>(d));
    for (int i = 0; i < d; ++i)
      e[std::size_t(i)] = double(W("wte.weight").data[std::size_t(ids[t] * d + i)]) +
                          double(W("wpe.weight").data[std::size_t(std::int64_t(t) * d + i)]);
    x.push_back(e);
  }
  for (int l = 0; l < s.layers; ++l) {
    const std::string n = "h." + std::to_string(l) + ".";
    std::vector<std::vector<double>> q, k, v;
    for (auto& xt : x) {
      const auto qkv = conv1d(W(n + "attn.c_attn.weight"), W(n + "attn.c_attn.bias"),
                              layer_norm(xt, W(n + "ln_1.weight"), W(n + "ln_1.bias"), s.eps));
      q.emplace_back(qkv.begin(), qkv.begin() + d);
      k.emplace_back(qkv.begin() + d, qkv.begin() + 2 * d);
      v.emplace_back(qkv.begin() + 2 * d, qkv.end());
    }
    const auto a = attention(q, k, v, s.heads, s.heads, hd);
    for (std::size_t t = 0; t < x.size(); ++t) {
      const auto o = conv1d(W(n + "attn.c_proj.weight"), W(n + "attn.c_proj.bias"), a[t]);
      for (int i = 0; i < d; ++i) x[t][std::size_t(i)] += o[std::size_t(i)];
      auto m = conv1d(W(n + "mlp.c_fc.weight"), W(n + "mlp.c_fc.bias"),
                      layer_norm(x[t], W(n + "ln_2.weight"), W(n + "ln_2.bias"), s.eps));
      for (auto& z : m) z = 0.5 * z * (1.0 + std::tanh(std::sqrt(2.0 / M_PI) * (z + 0.044715 * z * z * z)));
      const auto o2 = conv1d(W(n + "mlp.c_proj.weight"), W(n + "mlp.c_proj.bias"), m);
      for (int i = 0; i < d; ++i) x[t][std::size_t(i)] += o2[std::size_t(i)];
    }
  }
  Matrix logits;
  for (auto& xt : x) logits.push_back(matvec(W("wte.weight"), layer_norm(xt, W("ln_f.weight"), W("ln_f.bias"), s.eps)));
  return logits;
}

// Largest |a - b| between a [T, V] tensor row block and the reference.
inline double max_abs_diff(const at::Tensor& got, const Matrix& want) {
  const at::Tensor g = got.to(at::kDouble).contiguous();
  const auto a = g.accessor<double, 2>();
  double m = 0;
  for (std::size_t t = 0; t < want.size(); ++t)
    for (std::size_t j = 0; j < want[t].size(); ++j)
      m = std::max(m, std::abs(a[std::int64_t(t)][std::int64_t(j)] - want[t][j]));
  return m;
}

}  // namespace fixtures
