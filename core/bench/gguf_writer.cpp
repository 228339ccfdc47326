#include "core/bench/gguf_writer.h"

#include <ATen/ATen.h>

#include <cstring>

#include "core/atomic_write.h"

namespace core::bench {
namespace {

constexpr std::uint32_t kVersion = 3;
constexpr std::uint64_t kAlignment = 32;
// gguf_type values, as in the file.
constexpr std::uint32_t kU32 = 4, kI32 = 5, kF32 = 6, kBool = 7, kString = 8, kArray = 9;
constexpr std::uint32_t kGgmlF32 = 0;

template <class T>
void put(std::string& out, T value) {
  char bytes[sizeof(T)];
  std::memcpy(bytes, &value, sizeof(T));  // little-endian hosts only (x86-64, aarch64)
  out.append(bytes, sizeof(T));
}

void put_string(std::string& out, const std::string& s) {
  put<std::uint64_t>(out, s.size());
  out += s;
}

}  // namespace

void GgufWriter::add_u32(const std::string& key, std::uint32_t value) {
  put_string(metadata_, key);
  put(metadata_, kU32);
  put(metadata_, value);
  ++metadata_count_;
}

void GgufWriter::add_f32(const std::string& key, float value) {
  put_string(metadata_, key);
  put(metadata_, kF32);
  put(metadata_, value);
  ++metadata_count_;
}

void GgufWriter::add_bool(const std::string& key, bool value) {
  put_string(metadata_, key);
  put(metadata_, kBool);
  put<std::uint8_t>(metadata_, value ? 1 : 0);
  ++metadata_count_;
}

void GgufWriter::add_string(const std::string& key, const std::string& value) {
  put_string(metadata_, key);
  put(metadata_, kString);
  put_string(metadata_, value);
  ++metadata_count_;
}

void GgufWriter::add_strings(const std::string& key, const std::vector<std::string>& values) {
  put_string(metadata_, key);
  put(metadata_, kArray);
  put(metadata_, kString);
  put<std::uint64_t>(metadata_, values.size());
  for (const auto& v : values) put_string(metadata_, v);
  ++metadata_count_;
}

void GgufWriter::add_i32s(const std::string& key, const std::vector<std::int32_t>& values) {
  put_string(metadata_, key);
  put(metadata_, kArray);
  put(metadata_, kI32);
  put<std::uint64_t>(metadata_, values.size());
  for (auto v : values) put(metadata_, v);
  ++metadata_count_;
}

void GgufWriter::add_tensor(const std::string& name, const at::Tensor& tensor) {
  tensors_.emplace_back(name, tensor.to(at::kFloat).contiguous());
}

Result<void> GgufWriter::write(const std::filesystem::path& file) const {
  std::string head;
  head += "GGUF";
  put(head, kVersion);
  put<std::uint64_t>(head, tensors_.size());
  put<std::uint64_t>(head, metadata_count_);
  head += metadata_;
  std::uint64_t offset = 0;  // from the start of the data section
  for (const auto& [name, t] : tensors_) {
    put_string(head, name);
    put<std::uint32_t>(head, std::uint32_t(t.dim()));
    for (std::int64_t d = t.dim() - 1; d >= 0; --d) put<std::uint64_t>(head, std::uint64_t(t.size(d)));
    put(head, kGgmlF32);
    put(head, offset);
    offset += (std::uint64_t(t.numel()) * 4 + kAlignment - 1) / kAlignment * kAlignment;
  }
  head.append((kAlignment - head.size() % kAlignment) % kAlignment, '\0');
  return write_atomically(file, {.overwrite = true}, [&](std::ostream& out) -> Result<void> {
    out.write(head.data(), std::streamsize(head.size()));
    static const char zeros[kAlignment] = {};
    for (const auto& [name, t] : tensors_) {
      const std::uint64_t bytes = std::uint64_t(t.numel()) * 4;
      out.write(static_cast<const char*>(t.data_ptr()), std::streamsize(bytes));
      out.write(zeros, std::streamsize((kAlignment - bytes % kAlignment) % kAlignment));
    }
    if (!out) return fail(ErrorCode::Io, "cannot write the GGUF file", file.string());
    return {};
  });
}

}  // namespace core::bench
