#include "core/model/safetensors_writer.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>

namespace core::model {

namespace {

at::ScalarType scalar_type(DType d) {
  return d == DType::F32 ? at::kFloat : (d == DType::F16 ? at::kHalf : at::kBFloat16);
}

std::int64_t stored_bytes(const at::Tensor& t, DType d) { return t.numel() * std::int64_t(dtype_size(d)); }

}  // namespace

Result<void> write_safetensors(const std::filesystem::path& file, const std::vector<NamedTensor>& tensors,
                               const SafetensorsWriteOptions& options) {
  const std::string p = file.string();
  nlohmann::json header = nlohmann::json::object();
  if (!options.metadata.empty()) header["__metadata__"] = options.metadata;
  std::vector<at::Tensor> converted;
  converted.reserve(tensors.size());
  std::uint64_t offset = 0;
  for (const auto& [name, tensor] : tensors) {
    if (name == "__metadata__" || header.contains(name))
      return fail(ErrorCode::InvalidInput, "tensor name '" + name + "' is reserved or repeated", p);
    if (!tensor.defined() || !at::isFloatingType(tensor.scalar_type()))
      return fail(ErrorCode::InvalidInput, "tensor '" + name + "' is not a floating-point tensor", p);
    at::Tensor c = tensor.detach().to(at::kCPU).to(scalar_type(options.dtype)).contiguous();
    const auto bytes = std::uint64_t(stored_bytes(c, options.dtype));
    header[name] = {{"dtype", safetensors_name(options.dtype)},
                    {"shape", c.sizes().vec()},
                    {"data_offsets", {offset, offset + bytes}}};
    offset += bytes;
    converted.push_back(std::move(c));
  }
  std::string text = header.dump();
  text.append((8 - text.size() % 8) % 8, ' ');
  const std::uint64_t n = text.size();

  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  if (!out) return fail(ErrorCode::Io, "cannot create the file", p);
  out.write(reinterpret_cast<const char*>(&n), 8);
  out.write(text.data(), std::streamsize(text.size()));
  for (const auto& c : converted)
    out.write(static_cast<const char*>(c.data_ptr()), std::streamsize(c.numel() * c.element_size()));
  out.flush();
  if (!out) return fail(ErrorCode::Io, "writing the file failed (disk full?)", p);
  return {};
}

Result<std::vector<std::filesystem::path>> write_safetensors_folder(const std::filesystem::path& folder,
                                                                    const std::vector<NamedTensor>& tensors,
                                                                    const SafetensorsWriteOptions& options) {
  std::vector<std::filesystem::path> written;
  if (options.max_shard_bytes <= 0) {
    const auto file = folder / "model.safetensors";
    if (auto r = write_safetensors(file, tensors, options); !r) return std::unexpected(r.error());
    written.push_back(file);
    return written;
  }

  std::vector<std::vector<NamedTensor>> shards(1);
  std::int64_t in_shard = 0;
  for (const auto& t : tensors) {
    const auto bytes = stored_bytes(t.tensor, options.dtype);
    if (!shards.back().empty() && in_shard + bytes > options.max_shard_bytes) {
      shards.emplace_back();
      in_shard = 0;
    }
    shards.back().push_back(t);
    in_shard += bytes;
  }

  nlohmann::json weight_map = nlohmann::json::object();
  std::int64_t total = 0;
  for (std::size_t i = 0; i < shards.size(); ++i) {
    char name[64];
    std::snprintf(name, sizeof name, "model-%05zu-of-%05zu.safetensors", i + 1, shards.size());
    const auto file = folder / name;
    if (auto r = write_safetensors(file, shards[i], options); !r) return std::unexpected(r.error());
    for (const auto& t : shards[i]) {
      weight_map[t.name] = name;
      total += stored_bytes(t.tensor, options.dtype);
    }
    written.push_back(file);
  }
  const nlohmann::json index = {{"metadata", {{"total_size", total}}}, {"weight_map", weight_map}};
  const auto index_file = folder / "model.safetensors.index.json";
  std::ofstream out(index_file, std::ios::binary | std::ios::trunc);
  out << index.dump(2) << '\n';
  out.flush();
  if (!out) return fail(ErrorCode::Io, "cannot write the safetensors index", index_file.string());
  written.push_back(index_file);
  return written;
}

}  // namespace core::model
