// GGUF files: the mapping, its header (gguf_header.cpp) and tensors as float32 (ggml's docs/gguf.md).
#include "core/model/gguf_file.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include <cstring>
#include <fstream>

#include "core/model/mapped_file.h"

namespace core::model {

Result<std::shared_ptr<const GgufFile>> GgufFile::open(const std::filesystem::path& path) {
  auto mapped = MappedFile::open(path);
  if (!mapped) return std::unexpected(mapped.error());
  auto f = std::shared_ptr<GgufFile>(new GgufFile());
  f->map_ = *mapped;
  f->path_ = path.string();
  auto header = parse_gguf_header({reinterpret_cast<const char*>(f->map_->data()), std::size_t(f->map_->size())}, f->path_);
  if (!header) return std::unexpected(header.error());
  f->header_ = std::move(*header);
  return std::shared_ptr<const GgufFile>(std::move(f));
}

std::uint64_t GgufFile::file_size() const { return map_->size(); }

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
  return in.read(magic, 4) && std::memcmp(magic, "GGUF", 4) == 0;
}

}  // namespace core::model
