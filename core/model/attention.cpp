#include "core/model/attention.h"

#include <ATen/ATen.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace core::model {

DenseKvCache::DenseKvCache(std::int64_t batch, std::int64_t layers, std::int64_t kv_heads, std::int64_t head_dim,
                           std::int64_t max_length, at::TensorOptions options)
    : batch_(batch), kv_heads_(kv_heads), head_dim_(head_dim), max_length_(max_length), options_(options),
      k_(std::size_t(layers)), v_(std::size_t(layers)) {}

void DenseKvCache::reserve_more(std::int64_t t) {
  const std::int64_t need = length_ + t;
  if (need > max_length_)
    throw std::length_error("the sequence would reach " + std::to_string(need) +
                            " tokens, past the model's context of " + std::to_string(max_length_));
  if (need <= capacity_) return;
  std::int64_t cap = std::max<std::int64_t>(capacity_ * 2, 64);
  while (cap < need) cap *= 2;
  cap = std::min(cap, max_length_);
  c10::InferenceMode guard;
  for (std::size_t l = 0; l < k_.size(); ++l) {
    at::Tensor nk = at::empty({batch_, kv_heads_, cap, head_dim_}, options_);
    at::Tensor nv = at::empty({batch_, kv_heads_, cap, head_dim_}, options_);
    if (length_ > 0) {
      nk.narrow(2, 0, length_).copy_(k_[l].narrow(2, 0, length_));
      nv.narrow(2, 0, length_).copy_(v_[l].narrow(2, 0, length_));
    }
    k_[l] = std::move(nk);
    v_[l] = std::move(nv);
  }
  capacity_ = cap;
}

std::pair<at::Tensor, at::Tensor> DenseKvCache::append(std::size_t layer, const at::Tensor& k, const at::Tensor& v) {
  const std::int64_t t = k.size(1);
  k_[layer].narrow(2, length_, t).copy_(k.permute({0, 2, 1, 3}));
  v_[layer].narrow(2, length_, t).copy_(v.permute({0, 2, 1, 3}));
  return {k_[layer].narrow(2, 0, length_ + t), v_[layer].narrow(2, 0, length_ + t)};
}

at::Tensor causal_attention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, std::int64_t pos) {
  const std::int64_t B = q.size(0), T = q.size(1), H = q.size(2), hd = q.size(3);
  const std::int64_t KVH = k.size(1), L = k.size(2), rep = H / KVH;
  // Group the query heads that share a kv head into one matrix, so keys and values are never
  // repeated in memory: [B*KVH, rep*T, hd] against [B*KVH, L, hd].
  const at::Tensor qg = q.view({B, T, KVH, rep, hd}).permute({0, 2, 3, 1, 4}).reshape({B * KVH, rep * T, hd});
  const at::Tensor kk = k.reshape({B * KVH, L, hd});
  const at::Tensor vv = v.reshape({B * KVH, L, hd});
  at::Tensor scores = at::bmm(qg, kk.transpose(1, 2));
  scores.div_(std::sqrt(double(hd)));
  if (T > 1) {
    // Row r*T + t is query position pos + t; it may read keys 0..pos+t.
    const auto idx = at::TensorOptions().dtype(at::kLong).device(q.device());
    const at::Tensor rows = at::arange(pos, pos + T, idx).unsqueeze(1);
    const at::Tensor cols = at::arange(L, idx).unsqueeze(0);
    const at::Tensor future = at::gt(cols, rows).repeat({rep, 1});
    scores.masked_fill_(future, -std::numeric_limits<float>::infinity());
  }
  const at::Tensor probs = at::softmax(scores, -1);
  return at::bmm(probs, vv).view({B, KVH, rep, T, hd}).permute({0, 3, 1, 2, 4}).reshape({B, T, H * hd});
}

void check_input(const at::Tensor& ids, const ModelConfig& config, std::int64_t pos) {
  if (!ids.defined() || ids.dim() != 2 || ids.scalar_type() != at::kLong)
    throw std::invalid_argument("input ids must be an int64 tensor of shape [batch, time]");
  if (ids.size(1) == 0 || ids.size(0) == 0) throw std::invalid_argument("input ids are empty");
  if (pos + ids.size(1) > config.max_seq_len)
    throw std::length_error("the sequence would reach " + std::to_string(pos + ids.size(1)) +
                            " tokens, past the model's context of " + std::to_string(config.max_seq_len));
  const auto [lo, hi] = at::aminmax(ids);
  const auto min_id = lo.item<std::int64_t>(), max_id = hi.item<std::int64_t>();
  if (min_id < 0 || max_id >= config.vocab_size)
    throw std::invalid_argument("token id " + std::to_string(min_id < 0 ? min_id : max_id) +
                                " is outside the model's vocabulary of " + std::to_string(config.vocab_size));
}

}  // namespace core::model
