#include "core/analysis/map_names.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <map>

#include "core/sha256.h"

namespace core::analysis {
namespace {

namespace fs = std::filesystem;

bool generic_file_name(const std::string& name) {
  static const char* const kGeneric[] = {"model.bin", "model.safetensors", "model.safetensors.index.json",
                                         "pytorch_model.bin", "pytorch_model.bin.index.json", "config.json",
                                         "model.pt", "model.pth", "consolidated.00.pth", "checkpoint.bin", "ckpt.bin"};
  return std::find(std::begin(kGeneric), std::end(kGeneric), name) != std::end(kGeneric);
}

fs::path trimmed(const std::string& path) {
  fs::path p(path);
  if (!p.has_filename()) p = p.parent_path();  // a folder given with a trailing slash
  return p;
}

// The last part of config.json's `_name_or_path` ("meta-llama/Llama-3.2-1B" -> "Llama-3.2-1B").
std::string name_or_path(const model::CheckpointInfo& info) {
  const auto config = nlohmann::json::parse(info.config_json, nullptr, false);
  if (!config.is_object() || !config.contains("_name_or_path") || !config["_name_or_path"].is_string()) return {};
  return trimmed(config["_name_or_path"].get<std::string>()).filename().string();
}

std::string short_hash(const model::CheckpointInfo& info) {
  const std::string hex = info.sha256.empty() ? sha256_hex(info.path) : info.sha256;
  return hex.substr(0, 8);
}

}  // namespace

std::string default_map_name(const model::CheckpointInfo& info) {
  const fs::path p = trimmed(info.path);
  const std::string file = p.filename().string();
  if (generic_file_name(file)) {
    const std::string folder = fs::absolute(p).parent_path().filename().string();
    if (!folder.empty()) return folder;
  }
  return file;
}

std::vector<std::string> distinct_map_names(const std::vector<const model::CheckpointInfo*>& maps,
                                            const std::vector<std::string>& given) {
  std::vector<std::string> names(maps.size());
  std::vector<bool> chosen(maps.size(), false);
  for (std::size_t i = 0; i < maps.size(); ++i) {
    chosen[i] = i < given.size() && !given[i].empty();
    names[i] = chosen[i] ? given[i] : default_map_name(*maps[i]);
  }
  const auto count = [&](const std::string& n) { return std::count(names.begin(), names.end(), n); };
  for (std::size_t i = 0; i < maps.size(); ++i) {
    if (chosen[i] || count(names[i]) < 2) continue;
    // Every default sharing this name is renamed, so none keeps the ambiguous bare name: by
    // `_name_or_path` when each has its own, else by a short hash.
    const std::string base = names[i];
    std::vector<std::size_t> group;
    std::vector<std::string> alts;
    for (std::size_t j = i; j < maps.size(); ++j)
      if (!chosen[j] && names[j] == base) {
        group.push_back(j);
        alts.push_back(name_or_path(*maps[j]));
      }
    bool by_config = true;
    for (std::size_t k = 0; k < alts.size(); ++k)
      by_config = by_config && !alts[k].empty() && alts[k] != base && count(alts[k]) == 0 &&
                  std::count(alts.begin(), alts.end(), alts[k]) == 1;
    for (std::size_t k = 0; k < group.size(); ++k)
      names[group[k]] = by_config ? alts[k] : base + " (" + short_hash(*maps[group[k]]) + ")";
  }
  std::map<std::string, int> seen;
  for (auto& n : names)
    if (const int k = ++seen[n]; k > 1) n += " #" + std::to_string(k);
  return names;
}

}  // namespace core::analysis
