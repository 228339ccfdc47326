#include "core/store/convert.h"

#include <filesystem>

#include "core/analysis/map_names.h"
#include "core/model/checkpoint.h"
#include "core/territory/territory.h"

namespace core::store {

CheckpointRecord checkpoint_record(const model::CheckpointInfo& info, MapRole role, std::string name) {
  CheckpointRecord r;
  if (name.empty()) name = analysis::default_map_name(info);
  r.name = std::move(name);
  r.path = info.path;
  r.format = info.format;
  r.architecture = info.architecture;
  r.dtype = info.dtype;
  r.sha256 = info.sha256;
  r.parameters = info.parameters;
  r.vocab_size = info.vocab_size;
  r.context_length = info.context_length;
  r.config_json = info.config_json;
  for (const auto& w : info.weights) r.weights.push_back({w.path, w.sha256, w.bytes});
  r.role = role;
  return r;
}

CheckpointRecord checkpoint_record(const analysis::MapInfo& map) {
  CheckpointRecord r;
  r.name = map.name;
  r.path = map.path;
  r.format = map.format;
  r.architecture = map.architecture;
  r.dtype = map.dtype;
  r.sha256 = map.sha256;
  r.parameters = map.parameters;
  r.vocab_size = map.vocab_size;
  r.context_length = map.context_length;
  r.config_json = map.config_json;
  r.role = map.role;
  return r;
}

TerritoryRecord territory_record(const territory::Territory& territory) {
  TerritoryRecord t;
  t.source = territory.source;
  t.content_hash = territory.content_hash;
  t.documents.reserve(territory.documents.size());
  for (std::size_t i = 0; i < territory.documents.size(); ++i) {
    const auto& d = territory.documents[i];
    t.documents.push_back({std::int64_t(i), d.name, std::int64_t(d.text.size()), d.metadata, d.text});
    t.bytes += std::int64_t(d.text.size());
  }
  t.document_count = std::int64_t(t.documents.size());
  for (const auto& w : territory.warnings) t.warnings.push_back({w.path, w.line, w.byte_offset, w.message});
  return t;
}

}  // namespace core::store
