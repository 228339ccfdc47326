#pragma once
// Private to core/store: the JSON columns (settings, summaries, metadata, versions, warnings).
// Summaries and settings are JSON rather than columns so that a field added to them by the analysis
// layer needs no schema migration: unknown keys are ignored, missing keys keep their defaults.
// Non-finite doubles (JSON has none) are written as the strings "NaN", "Infinity", "-Infinity".
#include <map>
#include <string>
#include <vector>

#include "core/analysis/run_result.h"
#include "core/error.h"

namespace core::store::detail {

std::string to_json(const analysis::RunSettings& settings);
Result<analysis::RunSettings> settings_from_json(const std::string& text);

std::string to_json(const analysis::MapSummary& summary);
Result<analysis::MapSummary> summary_from_json(const std::string& text);

std::string to_json(const std::map<std::string, std::string>& fields);
Result<std::map<std::string, std::string>> string_map_from_json(const std::string& text);

std::string to_json(const std::vector<std::string>& items);
Result<std::vector<std::string>> string_list_from_json(const std::string& text);

}  // namespace core::store::detail
