#pragma once
// The ggml tensor types a GGUF file can hold (ggml's `enum ggml_type`): their names, block sizes and
// the types Cartograph reads, with dequantization to float32 exactly as ggml defines each block
// (see docs/ARCHITECTURE.md, "GGUF"). Stateless; safe from any thread.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace core::model {

// ggml_type ids of the types Cartograph reads (their numbers are the file's).
enum class GgmlType : std::uint32_t {
  F32 = 0,
  F16 = 1,
  Q4_0 = 2,
  Q8_0 = 8,
  Q4_K = 12,
  Q5_K = 13,
  Q6_K = 14,
  BF16 = 30,
};

struct GgmlTypeTraits {
  GgmlType type;
  const char* name;          // "F32", "Q4_K", ...
  std::int64_t block;        // elements per block (1 for plain floats)
  std::int64_t block_bytes;  // bytes per block
};

// The traits of a type Cartograph reads, or nullopt for any other id.
std::optional<GgmlTypeTraits> ggml_type_traits(std::uint32_t id);
// ggml's name of any type id it defines ("IQ2_XXS"), or "unknown" for ids ggml does not define.
std::string ggml_type_name(std::uint32_t id);

// Writes `blocks` blocks of `type` from `src` to `dst` as float32 (block x traits.block values).
// `src` holds blocks x traits.block_bytes bytes, little-endian. Plain float types are widened
// exactly (F16 and BF16 values are all representable in float32).
void dequantize(GgmlType type, const std::byte* src, std::int64_t blocks, float* dst);

}  // namespace core::model
