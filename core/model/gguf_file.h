#pragma once
// core::model::GgufFile: one GGUF file (ggml's single-file model format, versions 2 and 3,
// little-endian), memory-mapped and validated as a whole before anything is allocated from it: the
// counts against the file size, every string and array length against the bytes left, metadata
// value types, tensor names (unique, at most 64 bytes), dimensions (overflow-checked products),
// ggml types (only those Cartograph reads; others are named in the error), offsets aligned and
// inside the file, no two tensors sharing bytes. Every error names the file.
// Immutable after opening; safe to read from any thread. Tensors it hands out keep the mapping alive.
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/model/ggml_types.h"

namespace core::model {

class MappedFile;

// GGUF metadata value types (gguf_type), numbered as in the file.
enum class GgufValueType : std::uint32_t {
  U8 = 0, I8 = 1, U16 = 2, I16 = 3, U32 = 4, I32 = 5, F32 = 6, Bool = 7,
  String = 8, Array = 9, U64 = 10, I64 = 11, F64 = 12,
};
const char* gguf_type_name(GgufValueType t);

// One metadata value. Integers (and bools) are kept in `integer` (U64 above 2^63 is refused), floats
// in `real`, strings in `text`; an array keeps its element type and, for one level of nesting,
// its elements in `integers`, `reals` or `strings` (arrays of arrays are counted, not kept).
struct GgufValue {
  GgufValueType type = GgufValueType::U8;
  std::int64_t integer = 0;
  double real = 0;
  std::string text;
  GgufValueType element = GgufValueType::U8;  // arrays only
  std::uint64_t count = 0;                    // arrays only
  std::vector<std::int64_t> integers;
  std::vector<double> reals;
  std::vector<std::string> strings;
  bool is_integer() const;  // any integer type or bool
  bool is_real() const { return type == GgufValueType::F32 || type == GgufValueType::F64; }
};

struct GgufTensor {
  std::string name;
  std::vector<std::int64_t> shape;  // PyTorch order: ggml's ne reversed ([rows, columns] for a matrix)
  GgmlType type = GgmlType::F32;
  std::uint64_t offset = 0;         // absolute byte offset in the file
  std::uint64_t bytes = 0;
  std::int64_t numel = 0;
};

// Hard limits checked before allocating (a file past them is refused as corrupt).
inline constexpr std::uint64_t kGgufMaxStringBytes = std::uint64_t(1) << 30;
inline constexpr std::size_t kGgufMaxNameBytes = 64;
inline constexpr int kGgufMaxDims = 4;

class GgufFile {
 public:
  static Result<std::shared_ptr<const GgufFile>> open(const std::filesystem::path& path);

  const std::string& path() const { return path_; }
  std::uint32_t version() const { return version_; }
  std::uint64_t file_size() const;
  std::uint64_t alignment() const { return alignment_; }
  const std::map<std::string, GgufValue, std::less<>>& metadata() const { return metadata_; }
  const GgufValue* find_value(std::string_view key) const;
  const std::vector<GgufTensor>& tensors() const { return tensors_; }  // in file order
  const GgufTensor* find(std::string_view name) const;

  // The tensor as float32 on the CPU: a zero-copy view of the mapping for F32, a dequantized copy
  // for every other type. Never throws for a tensor of this file.
  at::Tensor to_float(const GgufTensor& t) const;
  // The tensor in `type` (float32, float16 or bfloat16): a zero-copy view of the mapping when it is
  // stored in that type (F32, F16, BF16), else dequantized to float32 and converted. Never throws.
  at::Tensor as_type(const GgufTensor& t, at::ScalarType type) const;
  // Whether `p` points into this file's mapping (to tell a zero-copy view from a copy).
  bool maps(const void* p) const;

 private:
  friend class GgufParser;
  std::shared_ptr<const MappedFile> map_;
  std::string path_;
  std::uint32_t version_ = 0;
  std::uint64_t alignment_ = 32;
  std::map<std::string, GgufValue, std::less<>> metadata_;
  std::vector<GgufTensor> tensors_;
  std::map<std::string, std::size_t, std::less<>> index_;
};

// Whether a file starts with the GGUF magic.
bool looks_like_gguf(const std::filesystem::path& file);

}  // namespace core::model
