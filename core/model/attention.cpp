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
// Rows per call of the fused path: two blocks of kRowBlock, or eight rows in the lanes of one AVX2
// vector (lane_rows_impl).
constexpr int kCallRows = 8;

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

// The fused path with a query row in each lane (AVX2, heads of 8 dimensions): up to eight rows of one
// kv head, for a CPU of 16 vector registers. Row by row (above), each row's 8 query values take 8
// registers and the scores of a vector of keys need a broadcast or a memory operand per multiply-add:
// more loads than multiply-adds, 3.9 cycles a score on an AMD Zen 2. With a row in each lane the
// 8 query vectors stay in registers, each key's value is broadcast from memory once for all 8 rows
// (a load, not a shuffle on the multiply-add pipes), each row's max and softmax sum are lane-wise,
// and the scores keep one vector per key, s[(j - first) * 8 + lane]. Every score, max and
// exponential is the same float as row by row; the sums over keys add in key order instead of in 8
// interleaved partial sums, so they round differently in the last bits.
// Keys and values are read where the model left them, key j's dimensions at keys + j * key_stride
// (contiguous), as broadcasts need no transposed copy.
template <int W, int HD>
CARTOGRAPH_SIMD_INLINE void lane_rows_impl(const float* const* q, float* const* out, const std::int64_t* lo,
                                           const std::int64_t* hi, int rows, const float* keys, const float* values,
                                           std::int64_t key_stride, std::int64_t value_stride, float scale, float* s) {
  using S = simd::Lanes<W>;
  using vf = typename S::vf;
  using vi = typename S::vi;
  const simd::FlushSubnormals flush;
  // One float in every lane, loaded by the broadcast itself (GCC builds a splat of a loaded float as a
  // scalar load and a register shuffle, which competes with the multiply-adds). Assembly, as in exp2.
  const auto broadcast = [](const float* p) {
    vf v;
    asm("vbroadcastss %1, %0" : "=x"(v) : "m"(*p));
    return v;
  };
  alignas(32) float qt[HD][W];  // rows past `rows` repeat the last one
  alignas(32) std::int32_t lo_lanes[W], hi_lanes[W];
  std::int64_t first = lo[0], last = hi[0], lo_max = lo[0], hi_min = hi[0];
  for (int r = 0; r < W; ++r) {
    const int from = r < rows ? r : rows - 1;
    for (int d = 0; d < HD; ++d) qt[d][r] = q[from][d];
    lo_lanes[r] = std::int32_t(lo[from]);
    hi_lanes[r] = std::int32_t(hi[from]);
    first = std::min(first, lo[from]);
    last = std::max(last, hi[from]);
    lo_max = std::max(lo_max, lo[from]);
    hi_min = std::min(hi_min, hi[from]);
  }
  vf qv[HD];
  for (int d = 0; d < HD; ++d) qv[d] = S::load(qt[d]);
  vi lo_v, hi_v;
  std::memcpy(&lo_v, lo_lanes, sizeof lo_v);
  std::memcpy(&hi_v, hi_lanes, sizeof hi_v);
  const vf minus_inf = S::splat(-std::numeric_limits<float>::infinity());
  vf mx = minus_inf;
  const auto score = [&](std::int64_t j) {
    vf acc = S::zero();
    const float* key = keys + j * key_stride;
    for (int d = 0; d < HD; ++d) acc += qv[d] * broadcast(key + d);
    return acc;
  };
  // Keys some lane may not read (before lo_max or past hi_min) get -inf in those lanes.
  const auto masked = [&](std::int64_t j) {
    const vf acc = score(j);
    const vi at = S::splat_i(std::int32_t(j));
    const vi outside = (at < lo_v) | (at > hi_v);
    const vf kept = (vf)(((vi)acc & ~outside) | ((vi)minus_inf & outside));
    S::store(s + (j - first) * W, kept);
    mx = S::max(mx, kept);
  };
  std::int64_t j = first;
  for (; j <= last && j < lo_max; ++j) masked(j);
  for (; j + 3 <= hi_min; j += 4) {  // four keys at a time: four chains of multiply-adds in flight
    const vf a0 = score(j), a1 = score(j + 1), a2 = score(j + 2), a3 = score(j + 3);
    S::store(s + (j - first) * W, a0);
    S::store(s + (j + 1 - first) * W, a1);
    S::store(s + (j + 2 - first) * W, a2);
    S::store(s + (j + 3 - first) * W, a3);
    mx = S::max(S::max(S::max(S::max(mx, a0), a1), a2), a3);
  }
  for (; j <= hi_min; ++j) {
    const vf a = score(j);
    S::store(s + (j - first) * W, a);
    mx = S::max(mx, a);
  }
  for (; j <= last; ++j) masked(j);
  // The softmax as row by row (scale > 0; see small_head_rows_impl), a row per lane.
  const std::int64_t n = last - first + 1;
  const vf factor = S::splat(scale * 1.44269504088896341f), shift = mx * factor;
  vf sum = S::zero();
  for (std::int64_t i = 0; i < n; ++i) {
    const vf e = S::exp2(S::load(s + i * W) * factor - shift);
    sum += e;
    S::store(s + i * W, e);
  }
  // Eight named accumulators: as an array GCC 12 kept them in registers but also stored all eight
  // to the stack on every key, and the one store a cycle made the loop half as fast.
  static_assert(HD == 8);
  vf a0 = S::zero(), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
  for (std::int64_t i = 0; i < n; ++i) {
    const vf p = S::load(s + i * W);
    const float* v = values + (first + i) * value_stride;
    a0 += p * broadcast(v);
    a1 += p * broadcast(v + 1);
    a2 += p * broadcast(v + 2);
    a3 += p * broadcast(v + 3);
    a4 += p * broadcast(v + 4);
    a5 += p * broadcast(v + 5);
    a6 += p * broadcast(v + 6);
    a7 += p * broadcast(v + 7);
  }
  const vf inverse = S::splat(1.0f) / sum;
  alignas(32) float ot[HD][W];
  const vf acc[HD] = {a0, a1, a2, a3, a4, a5, a6, a7};
  for (int d = 0; d < HD; ++d) S::store(ot[d], acc[d] * inverse);
  for (int r = 0; r < rows; ++r)
    for (int d = 0; d < HD; ++d) out[r][d] = ot[d][r];
}

template <int W>
CARTOGRAPH_SIMD_INLINE void small_head_block_any(const float* const* q, float* const* out, const std::int64_t* lo,
                                                const std::int64_t* hi, int rows, const float* kt, const float* vt,
                                                std::int64_t stride, std::int64_t hd, float scale, float* s) {
  if (hd == 8) small_head_rows_impl<W, 8>(q, out, lo, hi, rows, kt, vt, stride, hd, scale, s);
  else if (hd == 16) small_head_rows_impl<W, 16>(q, out, lo, hi, rows, kt, vt, stride, hd, scale, s);
  else small_head_rows_impl<W, 0>(q, out, lo, hi, rows, kt, vt, stride, hd, scale, s);
}

// Whether heads of hd dimensions take the lanes path on this CPU: AVX2 (W = 8) and 8 dimensions.
template <int W>
CARTOGRAPH_SIMD_INLINE bool rows_in_lanes_any(std::int64_t hd) {
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
  return W == 8 && hd == 8;
#else
  return false;
#endif
}

CARTOGRAPH_SIMD_KERNEL(bool, rows_in_lanes, rows_in_lanes_any, (std::int64_t hd), (hd))

template <int W>
CARTOGRAPH_SIMD_INLINE void lane_rows_any(const float* const* q, float* const* out, const std::int64_t* lo,
                                          const std::int64_t* hi, int rows, const float* keys, const float* values,
                                          std::int64_t key_stride, std::int64_t value_stride, float scale, float* s) {
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
  if constexpr (W == 8) lane_rows_impl<W, 8>(q, out, lo, hi, rows, keys, values, key_stride, value_stride, scale, s);
#endif
}

CARTOGRAPH_SIMD_KERNEL(void, lane_rows, lane_rows_any,
                       (const float* const* q, float* const* out, const std::int64_t* lo, const std::int64_t* hi,
                        int rows, const float* keys, const float* values, std::int64_t key_stride,
                        std::int64_t value_stride, float scale, float* s),
                       (q, out, lo, hi, rows, keys, values, key_stride, value_stride, scale, s))

// Up to kCallRows rows of one kv head, in blocks of kRowBlock.
template <int W>
CARTOGRAPH_SIMD_INLINE void small_head_rows_any(const float* const* q, float* const* out, const std::int64_t* lo,
                                                const std::int64_t* hi, int rows, const float* kt, const float* vt,
                                                std::int64_t stride, std::int64_t hd, float scale, float* s) {
  for (int r = 0; r < rows; r += kRowBlock)
    small_head_block_any<W>(q + r, out + r, lo + r, hi + r, std::min(kRowBlock, rows - r), kt, vt, stride, hd, scale, s);
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
  // The lanes path reads keys and values in place; the row-by-row path, transposed [dimension, key].
  const bool lanes = rows_in_lanes(hd) && k.stride(3) == 1 && v.stride(3) == 1;
  at::Tensor kt, vt;
  if (!lanes) {
    kt = at::empty({B, KVH, hd, stride}, q.options()), vt = at::empty({B, KVH, hd, stride}, q.options());
    for (auto [to, from] : {std::pair{&kt, &k}, std::pair{&vt, &v}}) {
      to->narrow(3, 0, L).copy_(from->transpose(2, 3));
      to->narrow(3, L, kKeyPad).zero_();
    }
  }
  at::Tensor out = at::empty({B, T, H, hd}, q.options());
  const float scale = float(options.scale > 0 ? options.scale : 1.0 / std::sqrt(double(hd)));
  const float* qp = qc.data_ptr<float>();
  const float* ktp = lanes ? k.data_ptr<float>() : kt.data_ptr<float>();
  const float* vtp = lanes ? v.data_ptr<float>() : vt.data_ptr<float>();
  float* op = out.data_ptr<float>();
  const std::int64_t group_rows = T * rep;
  // Rows in the order (batch, kv head, position, query head of the group): neighbours read the same
  // keys. About L * hd multiply-adds twice per row, so a few dozen rows make a task worth sharing.
  at::parallel_for(0, B * KVH * group_rows, 32, [&](std::int64_t begin, std::int64_t end) {
    const simd::FlushSubnormals flush;  // once for the task, not per block of rows
    std::vector<float> scratch(static_cast<std::size_t>(kCallRows * stride));
    const float* q_rows[kCallRows];
    float* out_rows[kCallRows];
    std::int64_t lo[kCallRows], hi[kCallRows];
    for (std::int64_t r0 = begin; r0 < end;) {
      const std::int64_t g = r0 / group_rows, b = g / KVH, first_head = g % KVH * rep;
      const std::int64_t r1 = std::min({end, r0 + kCallRows, (g + 1) * group_rows});  // one kv head a call
      // Row r0's position t and query head in the group k, then counted on (no division per row: a
      // few dozen cycles each, against a few hundred for a row's scores at stories260K's size).
      std::int64_t t = (r0 - g * group_rows) / rep, head = (r0 - g * group_rows) % rep;
      for (std::int64_t i = 0; i < r1 - r0; ++i) {
        const std::int64_t at_row = ((b * T + t) * H + first_head + head) * hd;
        q_rows[i] = qp + at_row;
        out_rows[i] = op + at_row;
        hi[i] = pos + t;
        lo[i] = options.window > 0 ? std::max<std::int64_t>(0, pos + t - options.window + 1) : 0;
        if (++head == rep) head = 0, ++t;
      }
      if (lanes)
        lane_rows(q_rows, out_rows, lo, hi, int(r1 - r0), ktp + b * k.stride(0) + g % KVH * k.stride(1),
                  vtp + b * v.stride(0) + g % KVH * v.stride(1), k.stride(2), v.stride(2), scale, scratch.data());
      else
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
