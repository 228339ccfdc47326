#pragma once
// Rotary position tables for the decoder families: plain RoPE and the `rope_scaling` variants of
// Hugging Face's modeling_rope_utils (linear, llama3, yarn), over all of a head or its first
// `rotary_dim` dimensions (partial rotary). Internal to core/model; stateless.
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <vector>

#include "core/model/language_model.h"

namespace core::model {

// The inverse frequencies of the rotated pairs, [rotary_dim / 2], after `scaling`.
std::vector<double> rope_inverse_frequencies(double theta, std::int64_t rotary_dim, const RopeScaling& scaling);

// cos and sin tables [positions, rotary_dim], laid out for `pairing` (adjacent: 2i and 2i+1 share a
// frequency; halves: i and i + rotary_dim/2), each multiplied by the scaling's attention factor.
struct RopeTables {
  at::Tensor cos, sin;
};
RopeTables rope_tables(double theta, std::int64_t rotary_dim, std::int64_t positions, RopePairing pairing,
                       const RopeScaling& scaling);

// Applies the tables to x [B, T, heads, hd] at positions pos..pos+T-1; dimensions past the tables'
// width pass through unturned.
at::Tensor apply_rope(const at::Tensor& x, const RopeTables& tables, std::int64_t pos, RopePairing pairing);

}  // namespace core::model
