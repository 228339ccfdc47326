#pragma once
// A GGUF file's header (ggml's single-file model format, versions 2 and 3, little-endian), parsed and
// validated from bytes alone (no tensors, no LibTorch): the counts against the file size, every
// string and array length against the bytes left, metadata value types, tensor names (unique, at
// most 64 bytes), dimensions (overflow-checked products), ggml types (only those Cartograph reads;
// others are named in the error), offsets aligned and inside the file, no two tensors sharing bytes.
// GgufFile (gguf_file.h) opens a file with it; the fuzz target tests/fuzz/gguf_fuzz.cpp feeds it
// arbitrary bytes. Every error names the file.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/model/ggml_types.h"
#include "core/tokenize/gguf_vocab.h"

namespace core::model {

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

struct GgufHeader {
  std::uint32_t version = 0;
  std::uint64_t alignment = 32;
  std::map<std::string, GgufValue, std::less<>> metadata;
  std::vector<GgufTensor> tensors;  // in file order, offsets absolute
  std::map<std::string, std::size_t, std::less<>> index;  // name -> position in `tensors`
  const GgufValue* find_value(std::string_view key) const;
  const GgufTensor* find(std::string_view name) const;
};

// Parses and validates the header of the GGUF file whose bytes are `bytes`; errors name `path`.
Result<GgufHeader> parse_gguf_header(std::string_view bytes, const std::string& path);

// The tokenizer.ggml.* keys as a GgufVocab (core/tokenize/gguf_vocab.h); a key of the wrong type is
// an error naming it and `path`.
Result<tokenize::GgufVocab> read_gguf_vocab(const GgufHeader& h, const std::string& path);

}  // namespace core::model
