#pragma once
// One pass each for the element-wise steps of a decoder layer that ATen spells as several: RMSNorm
// (pow, mean, add, rsqrt and two products), rotary position embedding (a negation, a concatenation, a
// product and a multiply-add) and SwiGLU's silu(gate) * up. Each ATen step is a dispatch, a fresh
// buffer and a parallel region of its own: for a small map (stories260K's 64 dimensions) a whole
// step costs a few dozen microseconds, most of it that overhead, and a layer had two dozen of them.
// Float32 tensors on the CPU take these loops; anything else the ATen expressions they replace.
// Results equal those expressions to float rounding (the sums' order differs).
#include <ATen/core/Tensor.h>

#include <cstdint>

#include "core/model/language_model.h"

namespace core::model {

struct RopeTables;

// x * rsqrt(mean(x^2 over the last dimension) + eps) * (w + shift), shift 0 (Llama) or 1 (Gemma).
at::Tensor rms_norm(const at::Tensor& x, const at::Tensor& w, double eps, float shift);

// apply_rope's loop (rope_scaling.h): x [B, T, heads, hd] and the tables float32 on the CPU.
bool rope_fuses(const at::Tensor& x, const RopeTables& tables);
at::Tensor rope_cpu(const at::Tensor& x, const RopeTables& tables, std::int64_t pos, RopePairing pairing);

// gate <- silu(gate) * up, in place; gate and up of one shape.
void silu_times_(at::Tensor& gate, const at::Tensor& up);

// x <- GELU's tanh approximation of x, in place: 0.5 x (1 + tanh(u)), u = sqrt(2/pi) (x + 0.044715 x^3),
// computed as x / (1 + e^(-2u)) (the same function). GPT-2's "gelu_new", Gemma's gelu_pytorch_tanh.
void tanh_gelu_(at::Tensor& x);

}  // namespace core::model
