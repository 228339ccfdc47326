#include "core/model/safetensors_header.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <bit>
#include <cstring>
#include <set>
#include <sstream>

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

Result<SafetensorsHeader> parse_safetensors_header(std::string_view bytes, const std::string& path) {
  const std::string& p = path;
  const std::uint64_t size = bytes.size();
  if (size < 8)
    return fail(ErrorCode::Corrupt, "truncated safetensors file: shorter than its 8-byte header length", p,
                std::to_string(size) + " bytes");
  std::uint64_t n = 0;
  std::memcpy(&n, bytes.data(), 8);
  if (n > size - 8)
    return fail(ErrorCode::Corrupt, "safetensors header length runs past the end of the file", p,
                "header says " + std::to_string(n) + " bytes, file has " + std::to_string(size - 8) +
                    " after the length");
  if (n > kMaxSafetensorsHeader)
    return fail(ErrorCode::Corrupt, "safetensors header length is implausibly large", p,
                std::to_string(n) + " bytes");
  if (n < 2) return fail(ErrorCode::Corrupt, "safetensors header is empty", p);

  const char* text = bytes.data() + 8;
  nlohmann::json header;
  try {
    header = nlohmann::json::parse(text, text + n);
  } catch (const std::exception& e) {
    return fail(ErrorCode::Corrupt, "safetensors header is not valid JSON", p, e.what());
  }
  if (!header.is_object()) return fail(ErrorCode::Corrupt, "safetensors header is not a JSON object", p);

  SafetensorsHeader out;
  SafetensorsHeader* file = &out;
  file->data_start = 8 + n;
  const std::uint64_t data_size = size - 8 - n;

  for (const auto& [name, entry] : header.items()) {
    if (name == "__metadata__") {
      if (!entry.is_object()) return fail(ErrorCode::Corrupt, "safetensors __metadata__ is not an object", p);
      for (const auto& [k, v] : entry.items())
        file->metadata[k] = v.is_string() ? v.get<std::string>() : v.dump();
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
    file->tensors.push_back(std::move(t));
  }

  std::vector<const TensorInfo*> by_offset;
  for (const auto& t : file->tensors)
    if (t.end > t.begin) by_offset.push_back(&t);
  std::sort(by_offset.begin(), by_offset.end(),
            [](const TensorInfo* a, const TensorInfo* b) { return a->begin < b->begin; });
  for (std::size_t i = 1; i < by_offset.size(); ++i)
    if (by_offset[i]->begin < by_offset[i - 1]->end)
      return fail(ErrorCode::Corrupt,
                  "tensors '" + by_offset[i - 1]->name + "' and '" + by_offset[i]->name + "' overlap", p,
                  "bytes " + std::to_string(by_offset[i]->begin) + ".." + std::to_string(by_offset[i - 1]->end));

  std::sort(out.tensors.begin(), out.tensors.end(),
            [](const TensorInfo& a, const TensorInfo& b) { return a.begin < b.begin; });
  return out;
}

}  // namespace core::model
