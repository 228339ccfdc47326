#include "core/model/weight_dtype.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include <cstring>

namespace core::model {

const char* to_string(WeightDType d) {
  switch (d) {
    case WeightDType::Float32: return "float32";
    case WeightDType::Float16: return "float16";
    case WeightDType::BFloat16: return "bfloat16";
    case WeightDType::Auto: break;
  }
  return "auto";
}

std::optional<WeightDType> parse_weight_dtype(std::string_view text) {
  if (text == "auto") return WeightDType::Auto;
  if (text == "float32") return WeightDType::Float32;
  if (text == "float16") return WeightDType::Float16;
  if (text == "bfloat16") return WeightDType::BFloat16;
  return std::nullopt;
}

at::ScalarType kept_type(WeightDType wanted, at::ScalarType stored, std::int64_t dims) {
  if (dims < 2) return at::kFloat;
  switch (wanted) {
    case WeightDType::Float32: return at::kFloat;
    case WeightDType::Float16: return at::kHalf;
    case WeightDType::BFloat16: return at::kBFloat16;
    case WeightDType::Auto: break;
  }
  return stored == at::kHalf || stored == at::kBFloat16 ? stored : at::kFloat;
}

const char* dtype_name(at::ScalarType t) {
  return t == at::kHalf ? "float16" : t == at::kBFloat16 ? "bfloat16" : t == at::kFloat ? "float32" : "other";
}

namespace {

// bfloat16 is the top half of a float32, so widening is a 16-bit shift. LibTorch 1.13's own
// conversion is scalar: measured 12M elements/s on the development machine, which made widening a
// 128256 x 2048 head cost more than its product.
at::Tensor widen_bfloat16(const at::Tensor& t) {
  const at::Tensor src = t.contiguous();
  at::Tensor out = at::empty(src.sizes(), src.options().dtype(at::kFloat));
  const auto* in = reinterpret_cast<const std::uint16_t*>(src.data_ptr());
  auto* to = reinterpret_cast<std::uint32_t*>(out.data_ptr());
  at::parallel_for(0, src.numel(), 1 << 16, [&](std::int64_t begin, std::int64_t end) {
    for (std::int64_t i = begin; i < end; ++i) to[i] = std::uint32_t(in[i]) << 16;
  });
  return out;
}

}  // namespace

// LibTorch 1.13 sends bfloat16 products to oneDNN where its mkldnn_bf16_device_check passes (AVX-512
// BW, VL and DQ). Elsewhere (AVX2) its product is a scalar loop on one thread: measured on an AMD EPYC
// (Zen 2) on 2026-12-07, a Llama-3.2-1B-shaped bfloat16 map had not scored 256 tokens after 2 minutes.
bool native_bfloat16() {
#if (defined(__x86_64__) || defined(__i386__)) && defined(__GNUC__)
  static const bool native = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl") &&
           __builtin_cpu_supports("avx512dq");
  }();
  return native;
#else
  return false;
#endif
}

namespace {

// A bfloat16 weight computed natively: on a GPU, or on a CPU where native_bfloat16() holds.
bool bfloat16_product(const at::Tensor& w) {
  return w.scalar_type() == at::kBFloat16 && (!w.is_cpu() || native_bfloat16());
}

}  // namespace

at::Tensor widened(const at::Tensor& t) {
  if (!t.defined() || t.scalar_type() == at::kFloat) return t;
  return t.scalar_type() == at::kBFloat16 ? widen_bfloat16(t) : t.to(at::kFloat);
}

at::Tensor linear(const at::Tensor& x, const at::Tensor& w, const at::Tensor& b) {
  if (bfloat16_product(w)) {
    at::Tensor y = at::linear(x.to(at::kBFloat16), w).to(at::kFloat);
    return b.defined() ? y.add_(b) : y;
  }
  return at::linear(x, widened(w), b);
}

void add_linear_(at::Tensor& rows, const at::Tensor& x, const at::Tensor& w) {
  if (bfloat16_product(w)) {
    rows.add_(at::linear(x.to(at::kBFloat16), w).to(at::kFloat));
    return;
  }
  rows.addmm_(x, widened(w).t());
}

at::Tensor matmul_plus(const at::Tensor& b, const at::Tensor& x, const at::Tensor& w) {
  if (bfloat16_product(w)) return at::mm(x.to(at::kBFloat16), w).to(at::kFloat).add_(b);
  return at::addmm(b, x, widened(w));
}

void add_matmul_(at::Tensor& rows, const at::Tensor& x, const at::Tensor& w) {
  if (bfloat16_product(w)) {
    rows.add_(at::mm(x.to(at::kBFloat16), w).to(at::kFloat));
    return;
  }
  rows.addmm_(x, widened(w));
}

at::Tensor embedding_rows(const at::Tensor& table, const at::Tensor& ids) {
  return widened(at::embedding(table, ids));
}

at::Tensor vocabulary_logits(const at::Tensor& features, const at::Tensor& table) {
  if (table.scalar_type() == at::kFloat) return at::linear(features, table);
  // Blocks of 8192 rows: at dim 2048 a 64 MiB float32 copy at a time, whatever the vocabulary.
  constexpr std::int64_t kBlock = 8192;
  const std::int64_t V = table.size(0);
  auto sizes = features.sizes().vec();
  sizes.back() = V;
  at::Tensor logits = at::empty(sizes, features.options().dtype(at::kFloat));
  const at::Tensor rows = features.reshape({-1, features.size(-1)});
  at::Tensor out = logits.view({rows.size(0), V});
  for (std::int64_t v = 0; v < V; v += kBlock) {
    const std::int64_t n = std::min(kBlock, V - v);
    out.narrow(1, v, n).copy_(at::mm(rows, widened(table.narrow(0, v, n)).t()));
  }
  return logits;
}

}  // namespace core::model
