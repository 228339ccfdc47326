#pragma once
// Default display names for maps that tell checkpoints apart: "sharp/model.bin" and "flat/model.bin"
// must not both be "model.bin" in every view.
#include <string>
#include <vector>

#include "core/model/checkpoint.h"

namespace core::analysis {

// One map's default name: the file's name, except that a file with a generic name (model.bin,
// model.safetensors, pytorch_model.bin, config.json, ...) is named after its folder; a Hugging Face
// folder is its folder's name.
std::string default_map_name(const model::CheckpointInfo& info);

// Names for maps shown together (a run's maps, a session's checkpoints): `given[i]` when not empty,
// else the default. Defaults that collide with another name are told apart by the config's
// `_name_or_path` where that differs, else by a short weight hash (the first 8 hex digits of the
// sha256, or of the path when the weights were not hashed); a name still taken gets " #2", " #3", ...
std::vector<std::string> distinct_map_names(const std::vector<const model::CheckpointInfo*>& maps,
                                            const std::vector<std::string>& given);

}  // namespace core::analysis
