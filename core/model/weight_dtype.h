#pragma once
// Weights kept in their stored dtype (docs/ARCHITECTURE.md, "Weight dtypes"). A map's matrices and
// embeddings may be float32, float16 or bfloat16 in memory; norms, biases, activations, logits and
// every metric stay float32. These are the products the decoders use, one per weight layout:
//  - bfloat16 computes natively where LibTorch hands it to oneDNN, CPUs with AVX-512 BW, VL and DQ
//    (inputs rounded to bfloat16, sums in float32, the product rounded to bfloat16, then widened);
//    measured 4-5x faster than float32 and 10x faster than widening on an AVX512-BF16 CPU. Elsewhere
//    (AVX2) LibTorch 1.13's bfloat16 product is a scalar loop on one thread, so the weight matrix is
//    widened for each product, as float16's;
//  - float16 widens one weight matrix at a time to float32 (LibTorch 1.13 has no CPU float16 GEMM),
//    exact to float32 rounding;
//  - float32 is the plain product.
// The vocabulary head widens half-precision rows in blocks, so logits are float32 products of the
// stored weights. All functions are pure and thread-safe.
#include <ATen/core/Tensor.h>

#include <optional>
#include <string>
#include <string_view>

namespace core::model {

// What a loader keeps in memory: Auto = as stored; the others convert every matrix at load.
enum class WeightDType { Auto, Float32, Float16, BFloat16 };
const char* to_string(WeightDType d);
std::optional<WeightDType> parse_weight_dtype(std::string_view text);  // "auto", "float32", ...
// The scalar type a stored tensor of type `stored` is kept in under `wanted` (1-D tensors are
// always float32: norms and biases are tiny and computed in float32).
at::ScalarType kept_type(WeightDType wanted, at::ScalarType stored, std::int64_t dims);
// "float32", "float16", "bfloat16"
const char* dtype_name(at::ScalarType t);

// Whether this CPU computes bfloat16 products natively (else they widen the weight, as float16's).
bool native_bfloat16();

// x [..., in] float32 times w [out, in] (nn.Linear's layout) plus b (float32, may be undefined).
at::Tensor linear(const at::Tensor& x, const at::Tensor& w, const at::Tensor& b);
// rows [N, out] += x [N, in] times w [out, in]ᵀ, in place.
void add_linear_(at::Tensor& rows, const at::Tensor& x, const at::Tensor& w);
// x [N, in] float32 times w [in, out] (Conv1D's layout, GPT-2) plus b.
at::Tensor matmul_plus(const at::Tensor& b, const at::Tensor& x, const at::Tensor& w);
// rows [N, out] += x [N, in] times w [in, out], in place.
void add_matmul_(at::Tensor& rows, const at::Tensor& x, const at::Tensor& w);
// The rows of `table` [V, dim] at `ids`, as float32 (gathered in the stored dtype, then widened).
at::Tensor embedding_rows(const at::Tensor& table, const at::Tensor& ids);
// Logits [..., V] float32 = features [..., dim] times table [V, dim]ᵀ, a half-precision table
// widened in blocks of rows so the float32 copy never holds the whole vocabulary.
at::Tensor vocabulary_logits(const at::Tensor& features, const at::Tensor& table);
// `t` widened to float32 (itself when it already is, or undefined).
at::Tensor widened(const at::Tensor& t);

}  // namespace core::model
