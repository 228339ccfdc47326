#include "core/model/attention.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/model/simd_math.h"

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

namespace {

// Rows of queries per block of the CPU path: a block's scores only reach the keys up to its last
// query, so computing whole blocks wastes kQueryBlock / T of the causal work, and its scores
// ([groups, rep * kQueryBlock, keys]) stay small instead of [batch, heads, T, T].
constexpr std::int64_t kQueryBlock = 128;

// In place on one row of scores s[0..length): softmax(scale * s) over the first `valid` entries
// (the keys this query may read), 0 beyond.
template <int W>
CARTOGRAPH_SIMD_INLINE void causal_softmax_row_impl(float* s, std::int64_t valid, std::int64_t length, float scale) {
  using S = simd::Lanes<W>;
  const simd::FlushSubnormals flush;
  typename S::vf mx = S::splat(-std::numeric_limits<float>::infinity());
  std::int64_t j = 0;
  for (; j + W <= valid; j += W) mx = S::max(mx, S::load(s + j));
  float max = S::hmax(mx);
  for (; j < valid; ++j) max = s[j] > max ? s[j] : max;
  // scale > 0, so the largest scaled score is scale * max; e^(scale (s - max)) = 2^(s f - max f) with
  // f = scale log2 e (one multiply-add, then 2^x of an argument at most 0 or a rounding above it).
  const float log2_scale = scale * 1.44269504088896341f;
  const auto shift = S::splat(max * log2_scale), factor = S::splat(log2_scale);
  typename S::vf sum = S::zero();
  j = 0;
  for (; j + W <= valid; j += W) {
    const auto e = S::exp2(S::load(s + j) * factor - shift);
    sum += e;
    S::store(s + j, e);
  }
  if (j < valid) {
    const auto e = S::exp2(S::load_partial(s + j, valid - j, max) * factor - shift);
    const auto kept = S::keep(S::lanes_below(valid - j), e);
    sum += kept;
    S::store_partial(s + j, kept, valid - j);
  }
  const auto inverse = S::splat(1.0f / S::hsum(sum));
  j = 0;
  for (; j + W <= valid; j += W) S::store(s + j, S::load(s + j) * inverse);
  for (; j < valid; ++j) s[j] *= inverse[0];
  std::fill(s + valid, s + length, 0.0f);
}

CARTOGRAPH_SIMD_KERNEL(void, causal_softmax_row, causal_softmax_row_impl,
                       (float* s, std::int64_t valid, std::int64_t length, float scale), (s, valid, length, scale))

// Heads of at most this many dimensions take the fused path below. With so few dimensions per score
// the blocked path's two batched products are mostly packing and zeroing (a GEMM's inner dimension of
// 8 for stories260K's heads), and its score blocks stream through memory.
constexpr std::int64_t kSmallHeadDim = 16;
// Keys laid out [dimension, key] get this many zero columns past the last key, so a row's last vector
// of keys may be loaded whole at any lane width.
constexpr std::int64_t kKeyPad = 16;

// Score offsets for the keys a row may not read: a W-lane load at kOffBelow + kMaskLanes - n is -inf in
// its first n lanes and 0 after them; at kOffFrom + kMaskLanes - n, 0 in its first n lanes, -inf after.
constexpr std::int64_t kMaskLanes = 16;
constexpr float kOff = -std::numeric_limits<float>::infinity();
alignas(64) constexpr float kOffBelow[2 * kMaskLanes] = {kOff, kOff, kOff, kOff, kOff, kOff, kOff, kOff,
                                                         kOff, kOff, kOff, kOff, kOff, kOff, kOff, kOff};
alignas(64) constexpr float kOffFrom[2 * kMaskLanes] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                                        kOff, kOff, kOff, kOff, kOff, kOff, kOff, kOff,
                                                        kOff, kOff, kOff, kOff, kOff, kOff, kOff, kOff};

// Query rows that go through the fused path together: rows of one kv head read the same keys, so
// each vector of keys or values loaded serves all of them.
constexpr int kRowBlock = 4;

// Query rows of one kv head in the fused path. Row r may read keys lo[r]..hi[r] (inclusive); keys and
// values are transposed, kt[d * stride + j] and vt[d * stride + j], and zero past the last key. Scores,
// softmax and the weighted sum of values go through scratch `s` (kRowBlock rows of `stride` floats),
// which stays in the first-level cache. Writes each row's output, hd floats. Fewer than kRowBlock
// rows repeat the last one.
// HD > 0 fixes the head's dimensions at compile time (8 for stories260K, 16 for 64-wide maps of 4
// heads), so that the loops over them unroll: without it a third of the key loop's instructions were
// its own counting and branching. The same operations in the same order, so the same bits.
template <int W, int HD>
CARTOGRAPH_SIMD_INLINE void small_head_rows_impl(const float* const* q, float* const* out, const std::int64_t* lo,
                                                 const std::int64_t* hi, int rows, const float* kt, const float* vt,
                                                 std::int64_t stride, std::int64_t head_dim, float scale, float* s) {
  const std::int64_t hd = HD > 0 ? HD : head_dim;
  using S = simd::Lanes<W>;
  using vf = typename S::vf;
  constexpr int R = kRowBlock;
  const simd::FlushSubnormals flush;
  const float* qr[R];
  std::int64_t first = lo[0], last = hi[0];
  for (int r = 0; r < R; ++r) {
    const int from = r < rows ? r : rows - 1;
    qr[r] = q[from];
    first = std::min(first, lo[from]);
    last = std::max(last, hi[from]);
  }
  const std::int64_t n = last - first + 1;
  vf mx[R];
  for (int r = 0; r < R; ++r) mx[r] = S::splat(-std::numeric_limits<float>::infinity());
  // Each query value in every lane, made once per block rather than once per vector of keys (where a
  // broadcast cost two instructions before each multiply-add); read from the first-level cache.
  vf qs[R][kSmallHeadDim];
  for (int r = 0; r < R; ++r)
    for (std::int64_t d = 0; d < hd; ++d) qs[r][d] = S::splat(qr[r][d]);
  for (std::int64_t j = 0; j < n; j += W) {
    vf acc[R];
    for (int r = 0; r < R; ++r) acc[r] = S::zero();
    for (std::int64_t d = 0; d < hd; ++d) {
      const vf keys = S::load(kt + d * stride + first + j);
      for (int r = 0; r < R; ++r) acc[r] += qs[r][d] * keys;
    }
    for (int r = 0; r < R; ++r) {
      const int from = r < rows ? r : rows - 1;
      if (first + j < lo[from] || first + j + W - 1 > hi[from]) {
        // -inf added to the scores of keys before lo or past hi (simd_math.h: no vector comparison).
        const std::int64_t before = std::clamp<std::int64_t>(lo[from] - first - j, 0, W);
        const std::int64_t upto = std::clamp<std::int64_t>(hi[from] - first - j + 1, 0, W);
        acc[r] += S::load(kOffBelow + kMaskLanes - before) + S::load(kOffFrom + kMaskLanes - upto);
      }
      S::store(s + r * stride + j, acc[r]);
      mx[r] = S::max(mx[r], acc[r]);
    }
  }
  // scale > 0, so a row's largest scaled score is scale * its max; keys it may not read had -inf
  // and weigh exactly 0. e^(scale (s - max)) = 2^(s * scale log2 e - max * scale log2 e): one
  // multiply-add before 2^x of an argument at most 0 (or a rounding above it, for the row's max).
  float inverse[R];
  const float log2_scale = scale * 1.44269504088896341f;
  const vf factor = S::splat(log2_scale);
  for (int r = 0; r < R; ++r) {
    const vf shift = S::splat(S::hmax_tree(mx[r]) * log2_scale);
    vf sum = S::zero();
    float* row = s + r * stride;
    for (std::int64_t j = 0; j < n; j += W) {
      const vf e = S::exp2(S::load(row + j) * factor - shift);
      sum += e;
      S::store(row + j, e);
    }
    inverse[r] = 1.0f / S::hsum_tree(sum);
  }
  // The weighted sum of values, a group of dimensions at a time: each row's probabilities are loaded
  // once per group, and the group's R x G accumulators stay in registers (32 vector registers at
  // W = 16, 16 below).
  constexpr std::int64_t G = W == 16 ? 4 : 2;
  for (std::int64_t d0 = 0; d0 < hd; d0 += G) {
    const std::int64_t g = std::min(G, hd - d0);
    vf acc[R][G];
    for (int r = 0; r < R; ++r)
      for (int k = 0; k < G; ++k) acc[r][k] = S::zero();
    for (std::int64_t j = 0; j < n; j += W) {
      vf p[R];
      for (int r = 0; r < R; ++r) p[r] = S::load(s + r * stride + j);
      for (int k = 0; k < G; ++k) {
        if (k == g) break;
        const vf values = S::load(vt + (d0 + k) * stride + first + j);
        for (int r = 0; r < R; ++r) acc[r][k] += p[r] * values;
      }
    }
    for (int r = 0; r < rows; ++r)
      for (int k = 0; k < g; ++k) out[r][d0 + k] = S::hsum_tree(acc[r][k]) * inverse[r];
  }
}

template <int W>
CARTOGRAPH_SIMD_INLINE void small_head_rows_any(const float* const* q, float* const* out, const std::int64_t* lo,
                                                const std::int64_t* hi, int rows, const float* kt, const float* vt,
                                                std::int64_t stride, std::int64_t hd, float scale, float* s) {
  if (hd == 8) small_head_rows_impl<W, 8>(q, out, lo, hi, rows, kt, vt, stride, hd, scale, s);
  else if (hd == 16) small_head_rows_impl<W, 16>(q, out, lo, hi, rows, kt, vt, stride, hd, scale, s);
  else small_head_rows_impl<W, 0>(q, out, lo, hi, rows, kt, vt, stride, hd, scale, s);
}

CARTOGRAPH_SIMD_KERNEL(void, small_head_rows, small_head_rows_any,
                       (const float* const* q, float* const* out, const std::int64_t* lo, const std::int64_t* hi,
                        int rows, const float* kt, const float* vt, std::int64_t stride, std::int64_t hd, float scale,
                        float* s),
                       (q, out, lo, hi, rows, kt, vt, stride, hd, scale, s))

// The fused CPU path for small heads (no soft-capping): blocks of query rows in one pass over their keys.
at::Tensor small_head_attention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, std::int64_t pos,
                                const AttentionOptions& options) {
  const std::int64_t B = q.size(0), T = q.size(1), H = q.size(2), hd = q.size(3);
  const std::int64_t KVH = k.size(1), L = k.size(2), rep = H / KVH;
  const std::int64_t stride = L + kKeyPad;
  const at::Tensor qc = q.contiguous();
  at::Tensor kt = at::empty({B, KVH, hd, stride}, q.options()), vt = at::empty({B, KVH, hd, stride}, q.options());
  for (auto [to, from] : {std::pair{&kt, &k}, std::pair{&vt, &v}}) {
    to->narrow(3, 0, L).copy_(from->transpose(2, 3));
    to->narrow(3, L, kKeyPad).zero_();
  }
  at::Tensor out = at::empty({B, T, H, hd}, q.options());
  const float scale = float(options.scale > 0 ? options.scale : 1.0 / std::sqrt(double(hd)));
  const float* qp = qc.data_ptr<float>();
  const float* ktp = kt.data_ptr<float>();
  const float* vtp = vt.data_ptr<float>();
  float* op = out.data_ptr<float>();
  const std::int64_t group_rows = T * rep;
  // Rows in the order (batch, kv head, position, query head of the group): neighbours read the same
  // keys. About L * hd multiply-adds twice per row, so a few dozen rows make a task worth sharing.
  at::parallel_for(0, B * KVH * group_rows, 32, [&](std::int64_t begin, std::int64_t end) {
    const simd::FlushSubnormals flush;  // once for the task, not per block of rows
    std::vector<float> scratch(static_cast<std::size_t>(kRowBlock * stride));
    const float* q_rows[kRowBlock];
    float* out_rows[kRowBlock];
    std::int64_t lo[kRowBlock], hi[kRowBlock];
    for (std::int64_t r0 = begin; r0 < end;) {
      const std::int64_t g = r0 / group_rows;
      const std::int64_t r1 = std::min({end, r0 + kRowBlock, (g + 1) * group_rows});  // one kv head a block
      for (std::int64_t r = r0; r < r1; ++r) {
        const std::int64_t t = r / rep % T, h = g % KVH * rep + r % rep, b = g / KVH;
        const std::int64_t at_row = ((b * T + t) * H + h) * hd;
        q_rows[r - r0] = qp + at_row;
        out_rows[r - r0] = op + at_row;
        hi[r - r0] = pos + t;
        lo[r - r0] = options.window > 0 ? std::max<std::int64_t>(0, pos + t - options.window + 1) : 0;
      }
      small_head_rows(q_rows, out_rows, lo, hi, int(r1 - r0), ktp + g * hd * stride, vtp + g * hd * stride, stride,
                      hd, scale, scratch.data());
      r0 = r1;
    }
  });
  return out.view({B, T, H * hd});
}

// Soft-capping and the sliding window, on scores [G, rep * tb, keys] whose row r * tb + t is query
// position first + t. After this the scores are already scaled when `options.softcap` is set.
void shape_scores(at::Tensor& scores, std::int64_t rep, std::int64_t tb, std::int64_t first,
                  const AttentionOptions& options, double scale) {
  if (options.softcap > 0) scores.mul_(scale / options.softcap).tanh_().mul_(options.softcap);
  if (options.window > 0 && first + tb - 1 - options.window >= 0) {
    const auto idx = at::TensorOptions().dtype(at::kLong).device(scores.device());
    const at::Tensor rows = at::arange(first, first + tb, idx).unsqueeze(1);
    const at::Tensor cols = at::arange(scores.size(2), idx).unsqueeze(0);
    const at::Tensor outside = at::le(cols, rows - options.window).repeat({rep, 1});
    scores.masked_fill_(outside, -std::numeric_limits<float>::infinity());
  }
}

// Every device: whole-matrix ATen operations.
at::Tensor causal_attention_aten(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, std::int64_t pos,
                                 const AttentionOptions& options) {
  const std::int64_t B = q.size(0), T = q.size(1), H = q.size(2), hd = q.size(3);
  const std::int64_t KVH = k.size(1), L = k.size(2), rep = H / KVH;
  // Group the query heads that share a kv head into one matrix, so keys and values are never
  // repeated in memory: [B*KVH, rep*T, hd] against [B*KVH, L, hd].
  const at::Tensor qg = q.view({B, T, KVH, rep, hd}).permute({0, 2, 3, 1, 4}).reshape({B * KVH, rep * T, hd});
  const at::Tensor kk = k.reshape({B * KVH, L, hd});
  const at::Tensor vv = v.reshape({B * KVH, L, hd});
  at::Tensor scores = at::bmm(qg, kk.transpose(1, 2));
  const double scale = options.scale > 0 ? options.scale : 1.0 / std::sqrt(double(hd));
  if (options.softcap <= 0) scores.mul_(scale);
  shape_scores(scores, rep, T, pos, options, scale);
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

}  // namespace

at::Tensor causal_attention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, std::int64_t pos,
                            const AttentionOptions& options) {
  if (!q.is_cpu() || q.scalar_type() != at::kFloat) return causal_attention_aten(q, k, v, pos, options);
  if (q.size(3) <= kSmallHeadDim && options.softcap <= 0) return small_head_attention(q, k, v, pos, options);
  const std::int64_t B = q.size(0), T = q.size(1), H = q.size(2), hd = q.size(3);
  const std::int64_t KVH = k.size(1), rep = H / KVH;
  at::Tensor out = at::empty({B, T, KVH, rep, hd}, q.options());
  const double scale_d = options.scale > 0 ? options.scale : 1.0 / std::sqrt(double(hd));
  // Soft-capping scales the scores itself (tanh is not linear), so the softmax then scales by 1.
  const float scale = options.softcap > 0 ? 1.0f : float(scale_d);
  // Every block's scores go in one buffer sized for the largest (the last): a block of growing key
  // length each would be a new buffer size per block, which the CPU buffer cache cannot reuse within
  // its bound (cpu_allocator.h), while one size per layer is reused by every layer.
  at::Tensor scores_buffer = at::empty({KVH * rep * std::min(kQueryBlock, T) * (pos + T)}, q.options());
  // One sequence at a time: its keys and values, [KVH, L, hd], are views of the projections' output
  // as they are (rows of a fused q/k/v product, or a permuted [T, KVH, hd]), which the products read
  // with their strides. Merged over the batch they were copies, as were the queries and the output
  // when heads do not share keys (rep 1): 50 MB a layer for GPT-2 at batch 4 x 1024.
  for (std::int64_t b = 0; b < B; ++b) {
    const at::Tensor kk = k.select(0, b), vv = v.select(0, b);
    // Query heads that share a kv head form one matrix, [KVH, rep, T, hd], so keys and values are
    // never repeated in memory; blocks of query positions then go through two batched products each.
    const at::Tensor qg = q.select(0, b).view({T, KVH, rep, hd}).permute({1, 2, 0, 3});
    const at::Tensor og = out.select(0, b).permute({1, 2, 0, 3});  // [KVH, rep, T, hd]
    for (std::int64_t t0 = 0; t0 < T; t0 += kQueryBlock) {
      const std::int64_t tb = std::min(kQueryBlock, T - t0), keys = pos + t0 + tb;
      const at::Tensor qb = qg.narrow(2, t0, tb).reshape({KVH, rep * tb, hd});
      at::Tensor scores = scores_buffer.narrow(0, 0, KVH * rep * tb * keys).view({KVH, rep * tb, keys});
      at::bmm_out(scores, qb, kk.narrow(1, 0, keys).transpose(1, 2));
      shape_scores(scores, rep, tb, pos + t0, options, scale_d);
      float* base = scores.data_ptr<float>();
      const std::int64_t rows = KVH * rep * tb;
      at::parallel_for(0, rows, 16, [&](std::int64_t begin, std::int64_t end) {
        const simd::FlushSubnormals flush;  // once for the task, not per row
        for (std::int64_t r = begin; r < end; ++r)
          causal_softmax_row(base + r * keys, pos + t0 + r % tb + 1, keys, scale);  // row (g, i, t): query pos+t0+t
      });
      at::Tensor ob = og.narrow(2, t0, tb);
      if (rep == 1) {
        at::Tensor target = ob.squeeze(1);  // [KVH, tb, hd], the output's own rows
        at::bmm_out(target, scores, vv.narrow(1, 0, keys));
      } else {
        ob.copy_(at::bmm(scores, vv.narrow(1, 0, keys)).view({KVH, rep, tb, hd}));
      }
    }
  }
  return out.view({B, T, H * hd});
}

void check_kept_rows(std::int64_t from, std::int64_t T, bool cached) {
  if (from < 0 || from >= T || (cached && from > 0))
    throw std::invalid_argument("positions from " + std::to_string(from) + " of " + std::to_string(T) +
                                " cannot be kept" + (cached ? " with a cache" : ""));
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
