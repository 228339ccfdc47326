#pragma once
// The safetensors header, parsed and validated from bytes alone (no tensors, no LibTorch): the header
// length against the file size, the JSON, dtypes, shape x dtype size against the byte span, offsets
// inside the data section, no two tensors sharing bytes. SafetensorsFile (safetensors.h) opens a file
// with it; the fuzz target tests/fuzz/safetensors_header_fuzz.cpp feeds it arbitrary bytes.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace core::model {

// The element types Cartograph computes with; other safetensors dtypes are refused by name.
enum class DType { F32, F16, BF16 };
const char* safetensors_name(DType d);  // "F32", "F16", "BF16"
const char* torch_name(DType d);        // "float32", "float16", "bfloat16"
std::size_t dtype_size(DType d);

struct TensorInfo {
  std::string name;
  DType dtype = DType::F32;
  std::vector<std::int64_t> shape;
  std::uint64_t begin = 0;  // byte offsets inside the data section (after the header)
  std::uint64_t end = 0;
  std::int64_t numel() const;
};

// Upper bound on the JSON header, as the reference implementation uses: a larger length is a lie.
inline constexpr std::uint64_t kMaxSafetensorsHeader = 100'000'000;

struct SafetensorsHeader {
  std::uint64_t data_start = 0;                // 8 + the JSON header's length
  std::vector<TensorInfo> tensors;             // sorted by offset
  std::map<std::string, std::string> metadata;  // __metadata__, values as strings
};

// `file` is the whole file's bytes; `path` only names it in errors.
Result<SafetensorsHeader> parse_safetensors_header(std::string_view file, const std::string& path);

}  // namespace core::model
