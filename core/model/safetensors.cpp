#include "core/model/safetensors.h"

#include "core/model/weight_dtype.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <bit>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>

#include "core/contained_path.h"
#include "core/model/mapped_file.h"

namespace core::model {

static_assert(std::endian::native == std::endian::little, "safetensors is little-endian");

Result<std::shared_ptr<const SafetensorsFile>> SafetensorsFile::open(const std::filesystem::path& path) {
  const std::string p = path.string();
  auto mapped = MappedFile::open(path);
  if (!mapped) return std::unexpected(mapped.error());
  const auto& map = *mapped;
  auto header = parse_safetensors_header(
      std::string_view(reinterpret_cast<const char*>(map->data()), std::size_t(map->size())), p);
  if (!header) return std::unexpected(header.error());
  auto file = std::make_shared<SafetensorsFile>();
  file->map_ = map;
  file->data_start_ = header->data_start;
  file->tensors_ = std::move(header->tensors);
  file->metadata_ = std::move(header->metadata);
  for (std::size_t i = 0; i < file->tensors_.size(); ++i) file->index_[file->tensors_[i].name] = i;
  return std::shared_ptr<const SafetensorsFile>(std::move(file));
}

const std::filesystem::path& SafetensorsFile::path() const { return map_->path(); }
std::uint64_t SafetensorsFile::file_size() const { return map_->size(); }

bool SafetensorsFile::maps(const void* p) const {
  const auto* b = static_cast<const std::byte*>(p);
  return b >= map_->data() && b < map_->data() + map_->size();
}

const TensorInfo* SafetensorsFile::find(std::string_view name) const {
  auto it = index_.find(name);
  return it == index_.end() ? nullptr : &tensors_[it->second];
}

at::Tensor SafetensorsFile::to_float(const TensorInfo& t) const {
  const std::byte* src = map_->data() + data_start_ + t.begin;
  const std::size_t bytes = t.end - t.begin;
  const auto element = dtype_size(t.dtype);
  const at::ScalarType type =
      t.dtype == DType::F32 ? at::kFloat : (t.dtype == DType::F16 ? at::kHalf : at::kBFloat16);
  if (bytes == 0) return at::zeros(t.shape, at::kFloat);
  if (reinterpret_cast<std::uintptr_t>(src) % element != 0) {
    // Unaligned data: copy into ATen-owned (aligned) memory first.
    at::Tensor raw = at::empty(t.shape, at::TensorOptions().dtype(type));
    std::memcpy(raw.data_ptr(), src, bytes);
    return t.dtype == DType::F32 ? raw : widened(raw);
  }
  // The deleter owns a reference to the mapping: the view stays valid as long as any tensor uses it.
  auto keep = map_;
  at::Tensor view = at::from_blob(
      const_cast<std::byte*>(src), t.shape, [keep](void*) mutable { keep.reset(); },
      at::TensorOptions().dtype(type));
  return t.dtype == DType::F32 ? view : widened(view);
}

at::Tensor SafetensorsFile::as_type(const TensorInfo& t, at::ScalarType type) const {
  const at::ScalarType stored =
      t.dtype == DType::F32 ? at::kFloat : (t.dtype == DType::F16 ? at::kHalf : at::kBFloat16);
  if (type == at::kFloat) return to_float(t);
  const std::byte* src = map_->data() + data_start_ + t.begin;
  const std::size_t bytes = t.end - t.begin;
  if (stored != type || bytes == 0 || reinterpret_cast<std::uintptr_t>(src) % dtype_size(t.dtype) != 0)
    return to_float(t).to(type);
  auto keep = map_;
  return at::from_blob(
      const_cast<std::byte*>(src), t.shape, [keep](void*) mutable { keep.reset(); },
      at::TensorOptions().dtype(type));
}

ResidentRead SafetensorsFile::resident(const TensorInfo& t) const {
  return {map_->fd(), map_->path().string(), data_start_ + t.begin, t.shape};
}

Result<at::Tensor> SafetensorsFile::read_float(const TensorInfo& t) const {
  if (t.dtype != DType::F32 || t.end == t.begin) return to_float(t);
  auto read = read_resident({resident(t)});
  if (!read) return std::unexpected(read.error());
  return std::move(read->front());
}

namespace {

bool plain_file_name(const std::string& name) {
  if (name.empty() || name == "." || name == "..") return false;
  return name.find('/') == std::string::npos && name.find('\\') == std::string::npos &&
         name.find('\0') == std::string::npos;
}

// A shard the index names may be a symlink, but only to a file inside the checkpoint's folder, or, for
// a Hugging Face hub cache (<repo>/snapshots/<revision>/), inside that repository's blobs/ folder.
Result<void> check_shard_stays_inside(const std::filesystem::path& folder, const std::filesystem::path& shard,
                                      const std::string& index_path) {
  auto outside = outside_folder(folder, shard);
  if (!outside) return std::unexpected(outside.error());
  if (!*outside) return {};
  return fail(ErrorCode::InvalidInput,
              "the index names shard '" + shard.filename().string() + "', a link to " + (*outside)->string() +
                  ", outside the checkpoint's folder; shards must lie inside it",
              index_path);
}

}  // namespace

Result<SafetensorsWeights> SafetensorsWeights::open_file(const std::filesystem::path& file) {
  auto f = SafetensorsFile::open(file);
  if (!f) return std::unexpected(f.error());
  SafetensorsWeights w;
  w.files_.push_back(*f);
  for (const auto& t : (*f)->tensors()) w.refs_[t.name] = Ref{f->get(), &t};
  return w;
}

Result<SafetensorsWeights> SafetensorsWeights::open_folder(const std::filesystem::path& folder) {
  const auto single = folder / "model.safetensors";
  const auto index_path = folder / "model.safetensors.index.json";
  std::error_code ec;
  if (std::filesystem::is_regular_file(single, ec)) {
    if (auto ok = require_inside_folder(folder, single); !ok) return std::unexpected(ok.error());
    return open_file(single);
  }
  if (!std::filesystem::is_regular_file(index_path, ec))
    return fail(ErrorCode::NotFound,
                "no model.safetensors or model.safetensors.index.json in the folder (.bin/.pt PyTorch weights "
                "are not read: convert them to safetensors)",
                folder.string());

  if (auto ok = require_inside_folder(folder, index_path); !ok) return std::unexpected(ok.error());
  const std::string ip = index_path.string();
  const auto size = std::filesystem::file_size(index_path, ec);
  if (ec || size > 64'000'000)
    return fail(ErrorCode::InvalidInput, "the safetensors index is unreadable or implausibly large", ip);
  nlohmann::json index;
  try {
    std::ifstream in(index_path, std::ios::binary);
    index = nlohmann::json::parse(in);
  } catch (const std::exception& e) {
    return fail(ErrorCode::InvalidInput, "the safetensors index is not valid JSON", ip, e.what());
  }
  if (!index.is_object() || !index.contains("weight_map") || !index["weight_map"].is_object())
    return fail(ErrorCode::InvalidInput, "the safetensors index has no weight_map object", ip);

  SafetensorsWeights w;
  std::map<std::string, const SafetensorsFile*> opened;
  for (const auto& [name, shard] : index["weight_map"].items()) {
    if (!shard.is_string() || !plain_file_name(shard.get<std::string>()))
      return fail(ErrorCode::InvalidInput,
                  "weight_map entry for '" + name + "' is not a file name inside the folder", ip, shard.dump());
    const std::string shard_name = shard.get<std::string>();
    auto it = opened.find(shard_name);
    if (it == opened.end()) {
      if (auto ok = check_shard_stays_inside(folder, folder / shard_name, ip); !ok) return std::unexpected(ok.error());
      auto f = SafetensorsFile::open(folder / shard_name);
      if (!f) return std::unexpected(f.error());
      w.files_.push_back(*f);
      it = opened.emplace(shard_name, f->get()).first;
    }
    const TensorInfo* info = it->second->find(name);
    if (!info)
      return fail(ErrorCode::NotFound, "the index places tensor '" + name + "' in " + shard_name + ", which lacks it",
                  ip);
    w.refs_[name] = Ref{it->second, info};
  }
  if (w.refs_.empty()) return fail(ErrorCode::InvalidInput, "the safetensors index lists no tensors", ip);
  return w;
}

const SafetensorsWeights::Ref* SafetensorsWeights::find(std::string_view name) const {
  auto it = refs_.find(name);
  return it == refs_.end() ? nullptr : &it->second;
}

}  // namespace core::model
