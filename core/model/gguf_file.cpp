// GGUF reading (ggml's docs/gguf.md): header, metadata key/values, tensor infos, the aligned data
// section. Every length is checked against the bytes that remain before anything is allocated.
#include "core/model/gguf_file.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <limits>

#include "core/model/mapped_file.h"

namespace core::model {

namespace {

constexpr char kMagic[4] = {'G', 'G', 'U', 'F'};
constexpr std::uint32_t kMaxValueType = 12;
constexpr int kMaxNesting = 4;

std::size_t fixed_size(GgufValueType t) {
  switch (t) {
    case GgufValueType::U8: case GgufValueType::I8: case GgufValueType::Bool: return 1;
    case GgufValueType::U16: case GgufValueType::I16: return 2;
    case GgufValueType::U32: case GgufValueType::I32: case GgufValueType::F32: return 4;
    case GgufValueType::U64: case GgufValueType::I64: case GgufValueType::F64: return 8;
    default: return 0;  // String, Array: variable
  }
}

std::string read_types() { return "F32, F16, BF16, Q8_0, Q4_0, Q4_K, Q5_K, Q6_K"; }

}  // namespace

// Reads the file front to back; each read is bounds-checked and every error names what was being read.
class GgufParser {
 public:
  GgufParser(const std::byte* data, std::uint64_t size, std::string path)
      : data_(data), size_(size), path_(std::move(path)) {}

  Result<void> parse(GgufFile& f) {
    if (size_ < 4 || std::memcmp(data_, kMagic, 4) != 0)
      return fail(ErrorCode::InvalidInput, "not a GGUF file: it does not start with \"GGUF\"", path_);
    pos_ = 4;
    auto version = scalar<std::uint32_t>("the version");
    if (!version) return std::unexpected(version.error());
    if (*version == 1)
      return fail(ErrorCode::Unsupported, "GGUF version 1 is not read (versions 2 and 3 are); convert the file again", path_);
    if (*version != 2 && *version != 3) {
      const bool swapped = *version == 0x02000000u || *version == 0x03000000u;
      return fail(ErrorCode::Unsupported,
                  swapped ? "this is a big-endian GGUF; Cartograph reads little-endian GGUF (versions 2 and 3)"
                          : "GGUF version " + std::to_string(*version) + " is unknown (versions 2 and 3 are read)",
                  path_);
    }
    f.version_ = *version;
    auto tensors = scalar<std::uint64_t>("the tensor count");
    if (!tensors) return std::unexpected(tensors.error());
    auto kvs = scalar<std::uint64_t>("the metadata count");
    if (!kvs) return std::unexpected(kvs.error());
    // A key/value takes at least 13 bytes (length, one key byte, type), a tensor info at least 33.
    if (*kvs > left() / 13)
      return corrupt("the header claims " + std::to_string(*kvs) + " metadata entries, more than the " +
                     std::to_string(size_) + "-byte file can hold (truncated?)");
    if (*tensors > left() / 33)
      return corrupt("the header claims " + std::to_string(*tensors) + " tensors, more than the " +
                     std::to_string(size_) + "-byte file can hold (truncated?)");
    for (std::uint64_t i = 0; i < *kvs; ++i) {
      auto key = string("the key of metadata entry " + std::to_string(i));
      if (!key) return std::unexpected(key.error());
      if (key->empty()) return corrupt("metadata entry " + std::to_string(i) + " has an empty key");
      auto type = scalar<std::uint32_t>("the type of metadata \"" + *key + "\"");
      if (!type) return std::unexpected(type.error());
      auto value = read_value(*type, *key, 0);
      if (!value) return std::unexpected(value.error());
      if (!f.metadata_.emplace(*key, std::move(*value)).second) return corrupt("metadata key \"" + *key + "\" appears twice");
    }
    if (const auto* a = f.find_value("general.alignment")) {
      if (a->type != GgufValueType::U32 || a->integer <= 0 || (a->integer & (a->integer - 1)) != 0)
        return corrupt("general.alignment must be a power of two stored as uint32");
      f.alignment_ = std::uint64_t(a->integer);
    }
    f.tensors_.reserve(std::size_t(*tensors));
    for (std::uint64_t i = 0; i < *tensors; ++i) {
      auto t = tensor_info(i, f.alignment_);
      if (!t) return std::unexpected(t.error());
      if (!f.index_.emplace(t->name, f.tensors_.size()).second) return corrupt("tensor " + t->name + " appears twice");
      f.tensors_.push_back(std::move(*t));
    }
    const std::uint64_t data_start = (pos_ + f.alignment_ - 1) / f.alignment_ * f.alignment_;
    if (data_start > size_ && !f.tensors_.empty())
      return corrupt("truncated: the file ends before its data section (byte " + std::to_string(data_start) + ")");
    return place(f, data_start);
  }

 private:
  std::uint64_t left() const { return size_ - pos_; }

  std::unexpected<Error> corrupt(const std::string& what) const {
    return std::unexpected(Error{ErrorCode::Corrupt, "corrupt GGUF: " + what, path_, {}});
  }
  std::unexpected<Error> truncated(const std::string& what, std::uint64_t need) const {
    return corrupt("truncated: " + what + " needs " + std::to_string(need) + " bytes at byte " + std::to_string(pos_) +
                   ", the file has " + std::to_string(left()) + " left");
  }

  template <class T>
  Result<T> scalar(const std::string& what) {
    if (left() < sizeof(T)) return truncated(what, sizeof(T));
    T v;
    std::memcpy(&v, data_ + pos_, sizeof(T));
    pos_ += sizeof(T);
    return v;
  }

  Result<std::string> string(const std::string& what) {
    auto n = scalar<std::uint64_t>("the length of " + what);
    if (!n) return std::unexpected(n.error());
    if (*n > left())
      return corrupt("the length of " + what + " is " + std::to_string(*n) + " bytes, past the end of the file (" +
                     std::to_string(left()) + " bytes left)");
    if (*n > kGgufMaxStringBytes) return corrupt(what + " is longer than 1 GiB");
    std::string s(reinterpret_cast<const char*>(data_ + pos_), std::size_t(*n));
    pos_ += *n;
    return s;
  }

  Result<GgufValue> read_value(std::uint32_t raw_type, const std::string& key, int depth) {
    if (raw_type > kMaxValueType)
      return corrupt("metadata \"" + key + "\" has value type " + std::to_string(raw_type) + ", which GGUF does not define");
    GgufValue v;
    v.type = GgufValueType(raw_type);
    const std::string what = "metadata \"" + key + "\"";
    switch (v.type) {
      case GgufValueType::String: {
        auto s = string(what);
        if (!s) return std::unexpected(s.error());
        v.text = std::move(*s);
        return v;
      }
      case GgufValueType::Array: return read_array(v, key, depth);
      default: break;
    }
    const std::size_t n = fixed_size(v.type);
    if (left() < n) return truncated(what, n);
    read_number(v.type, data_ + pos_, v.integer, v.real);
    pos_ += n;
    if (v.type == GgufValueType::U64 && v.integer < 0) return corrupt(what + " is an unsigned value above 2^63");
    return v;
  }

  static void read_number(GgufValueType t, const std::byte* p, std::int64_t& i, double& r) {
    auto get = [p]<class T>(T) { T x; std::memcpy(&x, p, sizeof x); return x; };
    switch (t) {
      case GgufValueType::U8: i = get(std::uint8_t{}); break;
      case GgufValueType::I8: i = get(std::int8_t{}); break;
      case GgufValueType::Bool: i = get(std::uint8_t{}) != 0; break;
      case GgufValueType::U16: i = get(std::uint16_t{}); break;
      case GgufValueType::I16: i = get(std::int16_t{}); break;
      case GgufValueType::U32: i = get(std::uint32_t{}); break;
      case GgufValueType::I32: i = get(std::int32_t{}); break;
      case GgufValueType::U64: i = std::int64_t(get(std::uint64_t{})); break;
      case GgufValueType::I64: i = get(std::int64_t{}); break;
      case GgufValueType::F32: r = get(float{}); break;
      case GgufValueType::F64: r = get(double{}); break;
      default: break;
    }
  }

  Result<GgufValue> read_array(GgufValue& v, const std::string& key, int depth) {
    const std::string what = "the array \"" + key + "\"";
    if (depth >= kMaxNesting) return corrupt(what + " nests arrays more than " + std::to_string(kMaxNesting) + " deep");
    auto element = scalar<std::uint32_t>("the element type of " + what);
    if (!element) return std::unexpected(element.error());
    if (*element > kMaxValueType)
      return corrupt(what + " has element type " + std::to_string(*element) + ", which GGUF does not define");
    v.element = GgufValueType(*element);
    auto count = scalar<std::uint64_t>("the length of " + what);
    if (!count) return std::unexpected(count.error());
    v.count = *count;
    // The smallest an element can be: its fixed size, a string's 8-byte length, a nested array's 12-byte header.
    const std::size_t fixed = fixed_size(v.element);
    const std::uint64_t least = fixed ? fixed : v.element == GgufValueType::String ? 8 : 12;
    if (*count > left() / least)
      return corrupt(what + " claims " + std::to_string(*count) + " elements, past the end of the file (" +
                     std::to_string(left()) + " bytes left)");
    if (fixed) {
      const bool real = v.element == GgufValueType::F32 || v.element == GgufValueType::F64;
      (real ? v.reals.reserve(std::size_t(*count)) : v.integers.reserve(std::size_t(*count)));
      for (std::uint64_t i = 0; i < *count; ++i, pos_ += fixed) {
        std::int64_t n = 0;
        double r = 0;
        read_number(v.element, data_ + pos_, n, r);
        real ? v.reals.push_back(r) : v.integers.push_back(n);
      }
      return v;
    }
    if (v.element == GgufValueType::String) v.strings.reserve(std::size_t(*count));
    for (std::uint64_t i = 0; i < *count; ++i) {
      if (v.element == GgufValueType::String) {
        auto s = string("element " + std::to_string(i) + " of " + what);
        if (!s) return std::unexpected(s.error());
        v.strings.push_back(std::move(*s));
      } else {  // an array of arrays: checked and skipped
        auto inner = read_value(std::uint32_t(GgufValueType::Array), key + "[" + std::to_string(i) + "]", depth + 1);
        if (!inner) return std::unexpected(inner.error());
      }
    }
    return v;
  }

  Result<GgufTensor> tensor_info(std::uint64_t i, std::uint64_t alignment) {
    GgufTensor t;
    auto name = string("the name of tensor " + std::to_string(i));
    if (!name) return std::unexpected(name.error());
    if (name->empty() || name->size() > kGgufMaxNameBytes)
      return corrupt("tensor " + std::to_string(i) + " has a name of " + std::to_string(name->size()) +
                     " bytes (1 to 64 allowed)");
    t.name = std::move(*name);
    const std::string what = "tensor " + t.name;
    auto dims = scalar<std::uint32_t>("the dimension count of " + what);
    if (!dims) return std::unexpected(dims.error());
    if (*dims < 1 || *dims > std::uint32_t(kGgufMaxDims))
      return corrupt(what + " has " + std::to_string(*dims) + " dimensions (1 to 4 allowed)");
    std::vector<std::int64_t> ne;
    std::int64_t numel = 1;
    for (std::uint32_t d = 0; d < *dims; ++d) {
      auto n = scalar<std::uint64_t>("the dimensions of " + what);
      if (!n) return std::unexpected(n.error());
      if (*n == 0 || *n > std::uint64_t(std::numeric_limits<std::int64_t>::max()) ||
          std::int64_t(*n) > std::numeric_limits<std::int64_t>::max() / numel)
        return corrupt(what + " has dimension " + std::to_string(*n) + ", zero or too large (its element count overflows)");
      ne.push_back(std::int64_t(*n));
      numel *= std::int64_t(*n);
    }
    auto type = scalar<std::uint32_t>("the type of " + what);
    if (!type) return std::unexpected(type.error());
    const auto traits = ggml_type_traits(*type);
    if (!traits)
      return std::unexpected(Error{ErrorCode::Unsupported,
                                   what + " has ggml type " + std::to_string(*type) + " (" + ggml_type_name(*type) +
                                       ") which Cartograph does not read (it reads " + read_types() + ")",
                                   path_, {}});
    if (ne[0] % traits->block != 0)
      return corrupt(what + " has rows of " + std::to_string(ne[0]) + " values, not a whole number of " + traits->name +
                     " blocks of " + std::to_string(traits->block));
    const std::uint64_t blocks = std::uint64_t(numel / traits->block);
    if (blocks > std::numeric_limits<std::uint64_t>::max() / std::uint64_t(traits->block_bytes))
      return corrupt(what + " is too large to address");
    auto offset = scalar<std::uint64_t>("the offset of " + what);
    if (!offset) return std::unexpected(offset.error());
    if (*offset % alignment != 0)
      return corrupt(what + " starts at data offset " + std::to_string(*offset) + ", not a multiple of the alignment " +
                     std::to_string(alignment));
    t.shape.assign(ne.rbegin(), ne.rend());
    t.type = traits->type;
    t.offset = *offset;  // relative until place()
    t.bytes = blocks * std::uint64_t(traits->block_bytes);
    t.numel = numel;
    return t;
  }

  // Turns data offsets into file offsets, checking each span lies in the file and none overlap.
  Result<void> place(GgufFile& f, std::uint64_t data_start) {
    std::vector<const GgufTensor*> order;
    for (auto& t : f.tensors_) {
      const std::uint64_t room = size_ >= data_start ? size_ - data_start : 0;
      if (t.offset > room || t.bytes > room - t.offset)
        return corrupt("tensor " + t.name + " (" + std::to_string(t.bytes) + " bytes at data offset " +
                       std::to_string(t.offset) + ") runs past the end of the file (the data section holds " +
                       std::to_string(room) + " bytes; truncated?)");
      t.offset += data_start;
      order.push_back(&t);
    }
    std::sort(order.begin(), order.end(), [](auto* a, auto* b) { return a->offset < b->offset; });
    for (std::size_t i = 1; i < order.size(); ++i)
      if (order[i - 1]->offset + order[i - 1]->bytes > order[i]->offset)
        return corrupt("tensors " + order[i - 1]->name + " and " + order[i]->name + " share bytes");
    return {};
  }

  const std::byte* data_;
  std::uint64_t size_;
  std::uint64_t pos_ = 0;
  std::string path_;
};

const char* gguf_type_name(GgufValueType t) {
  static const char* names[] = {"uint8", "int8", "uint16", "int16", "uint32", "int32", "float32",
                                "bool",  "string", "array", "uint64", "int64", "float64"};
  return std::uint32_t(t) <= kMaxValueType ? names[std::uint32_t(t)] : "unknown";
}

bool GgufValue::is_integer() const { return !is_real() && fixed_size(type) > 0; }

Result<std::shared_ptr<const GgufFile>> GgufFile::open(const std::filesystem::path& path) {
  auto mapped = MappedFile::open(path);
  if (!mapped) return std::unexpected(mapped.error());
  auto f = std::shared_ptr<GgufFile>(new GgufFile());
  f->map_ = *mapped;
  f->path_ = path.string();
  GgufParser parser(f->map_->data(), f->map_->size(), f->path_);
  if (auto r = parser.parse(*f); !r) return std::unexpected(r.error());
  return std::shared_ptr<const GgufFile>(std::move(f));
}

std::uint64_t GgufFile::file_size() const { return map_->size(); }

const GgufValue* GgufFile::find_value(std::string_view key) const {
  const auto it = metadata_.find(key);
  return it == metadata_.end() ? nullptr : &it->second;
}

const GgufTensor* GgufFile::find(std::string_view name) const {
  const auto it = index_.find(name);
  return it == index_.end() ? nullptr : &tensors_[it->second];
}

bool GgufFile::maps(const void* p) const {
  const auto* b = static_cast<const std::byte*>(p);
  return b >= map_->data() && b < map_->data() + map_->size();
}

at::Tensor GgufFile::to_float(const GgufTensor& t) const {
  const std::byte* src = map_->data() + t.offset;
  if (t.type == GgmlType::F32 && t.offset % alignof(float) == 0) {
    auto keep = map_;
    return at::from_blob(const_cast<std::byte*>(src), t.shape, [keep](void*) {}, at::TensorOptions().dtype(at::kFloat));
  }
  at::Tensor out = at::empty(t.shape, at::kFloat);
  const auto traits = *ggml_type_traits(std::uint32_t(t.type));
  const std::int64_t blocks = t.numel / traits.block;
  float* dst = out.data_ptr<float>();
  at::parallel_for(0, blocks, 4096, [&](std::int64_t begin, std::int64_t end) {
    dequantize(t.type, src + begin * traits.block_bytes, end - begin, dst + begin * traits.block);
  });
  return out;
}

at::Tensor GgufFile::as_type(const GgufTensor& t, at::ScalarType type) const {
  if (type == at::kFloat) return to_float(t);
  const std::byte* src = map_->data() + t.offset;
  const bool stored = (type == at::kHalf && t.type == GgmlType::F16) || (type == at::kBFloat16 && t.type == GgmlType::BF16);
  if (!stored || t.offset % 2 != 0) return to_float(t).to(type);
  auto keep = map_;
  return at::from_blob(const_cast<std::byte*>(src), t.shape, [keep](void*) {}, at::TensorOptions().dtype(type));
}

bool looks_like_gguf(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  char magic[4] = {};
  return in.read(magic, 4) && std::memcmp(magic, kMagic, 4) == 0;
}

}  // namespace core::model
