#include "core/model/safetensors.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <bit>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>

#include "core/model/mapped_file.h"

namespace core::model {

static_assert(std::endian::native == std::endian::little, "safetensors is little-endian");

const char* safetensors_name(DType d) {
  switch (d) {
    case DType::F32: return "F32";
    case DType::F16: return "F16";
    case DType::BF16: return "BF16";
  }
  return "?";
}

const char* torch_name(DType d) {
  switch (d) {
    case DType::F32: return "float32";
    case DType::F16: return "float16";
    case DType::BF16: return "bfloat16";
  }
  return "?";
}

std::size_t dtype_size(DType d) { return d == DType::F32 ? 4 : 2; }

std::int64_t TensorInfo::numel() const {
  std::int64_t n = 1;
  for (auto s : shape) n *= s;
  return n;
}

namespace {

// Every other dtype the format defines, so a refusal can say "I8 is not supported" rather than
// "unknown".
const std::set<std::string_view> kOtherDtypes = {"BOOL", "U8",  "I8",  "I16", "U16",     "I32",
                                                 "U32",  "I64", "U64", "F64", "F8_E4M3", "F8_E5M2",
                                                 "C64",  "F4",  "F6_E2M3", "F6_E3M2", "E8M0"};

std::string shape_string(const std::vector<std::int64_t>& shape) {
  std::ostringstream s;
  s << '[';
  for (std::size_t i = 0; i < shape.size(); ++i) s << (i ? ", " : "") << shape[i];
  s << ']';
  return s.str();
}

}  // namespace

Result<std::shared_ptr<const SafetensorsFile>> SafetensorsFile::open(const std::filesystem::path& path) {
  const std::string p = path.string();
  auto mapped = MappedFile::open(path);
  if (!mapped) return std::unexpected(mapped.error());
  const auto& map = *mapped;
  const std::uint64_t size = map->size();
  if (size < 8)
    return fail(ErrorCode::Corrupt, "truncated safetensors file: shorter than its 8-byte header length", p,
                std::to_string(size) + " bytes");
  std::uint64_t n = 0;
  std::memcpy(&n, map->data(), 8);
  if (n > size - 8)
    return fail(ErrorCode::Corrupt, "safetensors header length runs past the end of the file", p,
                "header says " + std::to_string(n) + " bytes, file has " + std::to_string(size - 8) +
                    " after the length");
  if (n > kMaxSafetensorsHeader)
    return fail(ErrorCode::Corrupt, "safetensors header length is implausibly large", p,
                std::to_string(n) + " bytes");
  if (n < 2) return fail(ErrorCode::Corrupt, "safetensors header is empty", p);

  const char* text = reinterpret_cast<const char*>(map->data() + 8);
  nlohmann::json header;
  try {
    header = nlohmann::json::parse(text, text + n);
  } catch (const std::exception& e) {
    return fail(ErrorCode::Corrupt, "safetensors header is not valid JSON", p, e.what());
  }
  if (!header.is_object()) return fail(ErrorCode::Corrupt, "safetensors header is not a JSON object", p);

  auto file = std::make_shared<SafetensorsFile>();
  file->map_ = map;
  file->data_start_ = 8 + n;
  const std::uint64_t data_size = size - 8 - n;

  for (const auto& [name, entry] : header.items()) {
    if (name == "__metadata__") {
      if (!entry.is_object()) return fail(ErrorCode::Corrupt, "safetensors __metadata__ is not an object", p);
      for (const auto& [k, v] : entry.items())
        file->metadata_[k] = v.is_string() ? v.get<std::string>() : v.dump();
      continue;
    }
    const std::string where = "tensor '" + name + "'";
    if (!entry.is_object() || !entry.contains("dtype") || !entry.contains("shape") ||
        !entry.contains("data_offsets"))
      return fail(ErrorCode::Corrupt, where + " lacks dtype, shape or data_offsets", p);
    const auto& jd = entry["dtype"];
    if (!jd.is_string()) return fail(ErrorCode::Corrupt, where + ": dtype is not a string", p);
    const std::string dt = jd.get<std::string>();
    TensorInfo t;
    t.name = name;
    if (dt == "F32") t.dtype = DType::F32;
    else if (dt == "F16") t.dtype = DType::F16;
    else if (dt == "BF16") t.dtype = DType::BF16;
    else if (kOtherDtypes.contains(dt))
      return fail(ErrorCode::Unsupported, where + " has dtype " + dt + "; Cartograph reads F32, F16 and BF16", p);
    else
      return fail(ErrorCode::Corrupt, where + " has unknown dtype '" + dt + "'", p);

    const auto& js = entry["shape"];
    if (!js.is_array() || js.size() > 8) return fail(ErrorCode::Corrupt, where + ": shape is not a short array", p);
    std::uint64_t bytes = dtype_size(t.dtype);
    for (const auto& d : js) {
      if (!d.is_number_unsigned() && !(d.is_number_integer() && d.get<std::int64_t>() >= 0))
        return fail(ErrorCode::Corrupt, where + ": shape holds a value that is not a non-negative integer", p,
                    js.dump());
      const std::uint64_t v = d.get<std::uint64_t>();
      if (v > (std::uint64_t(1) << 48) || __builtin_mul_overflow(bytes, v, &bytes))
        return fail(ErrorCode::Corrupt, where + ": shape is impossibly large", p, js.dump());
      t.shape.push_back(std::int64_t(v));
    }
    const auto& jo = entry["data_offsets"];
    if (!jo.is_array() || jo.size() != 2 || !jo[0].is_number_unsigned() || !jo[1].is_number_unsigned())
      return fail(ErrorCode::Corrupt, where + ": data_offsets is not a pair of non-negative integers", p,
                  jo.dump());
    t.begin = jo[0].get<std::uint64_t>();
    t.end = jo[1].get<std::uint64_t>();
    if (t.begin > t.end)
      return fail(ErrorCode::Corrupt, where + ": data_offsets end before they begin", p, jo.dump());
    if (t.end > data_size)
      return fail(ErrorCode::Corrupt, where + ": data_offsets run past the end of the file (truncated?)", p,
                  "ends at " + std::to_string(t.end) + ", data section has " + std::to_string(data_size) +
                      " bytes");
    if (t.end - t.begin != bytes)
      return fail(ErrorCode::Corrupt,
                  where + ": shape " + shape_string(t.shape) + " x " + safetensors_name(t.dtype) + " needs " +
                      std::to_string(bytes) + " bytes but data_offsets span " + std::to_string(t.end - t.begin),
                  p);
    file->tensors_.push_back(std::move(t));
  }

  std::vector<const TensorInfo*> by_offset;
  for (const auto& t : file->tensors_)
    if (t.end > t.begin) by_offset.push_back(&t);
  std::sort(by_offset.begin(), by_offset.end(),
            [](const TensorInfo* a, const TensorInfo* b) { return a->begin < b->begin; });
  for (std::size_t i = 1; i < by_offset.size(); ++i)
    if (by_offset[i]->begin < by_offset[i - 1]->end)
      return fail(ErrorCode::Corrupt,
                  "tensors '" + by_offset[i - 1]->name + "' and '" + by_offset[i]->name + "' overlap", p,
                  "bytes " + std::to_string(by_offset[i]->begin) + ".." + std::to_string(by_offset[i - 1]->end));

  std::sort(file->tensors_.begin(), file->tensors_.end(),
            [](const TensorInfo& a, const TensorInfo& b) { return a.begin < b.begin; });
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
    return t.dtype == DType::F32 ? raw : raw.to(at::kFloat);
  }
  // The deleter owns a reference to the mapping: the view stays valid as long as any tensor uses it.
  auto keep = map_;
  at::Tensor view = at::from_blob(
      const_cast<std::byte*>(src), t.shape, [keep](void*) mutable { keep.reset(); },
      at::TensorOptions().dtype(type));
  return t.dtype == DType::F32 ? view : view.to(at::kFloat);
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
  return name.find('/') == std::string::npos && name.find('\\') == std::string::npos;
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
  if (std::filesystem::is_regular_file(single, ec)) return open_file(single);
  if (!std::filesystem::is_regular_file(index_path, ec))
    return fail(ErrorCode::NotFound,
                "no model.safetensors or model.safetensors.index.json in the folder (.bin/.pt PyTorch weights "
                "are not read: convert them to safetensors)",
                folder.string());

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
