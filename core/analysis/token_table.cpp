#include "core/analysis/token_table.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>

#include "core/analysis/fields.h"

namespace core::analysis {

Result<TokenTableFormat> token_table_format(std::string_view name) {
  if (name == "csv") return TokenTableFormat::Csv;
  if (name == "jsonl") return TokenTableFormat::Jsonl;
  return fail(ErrorCode::InvalidInput, "unknown token table format \"" + std::string(name) + "\" (formats: csv, jsonl)");
}

std::vector<std::string> token_table_columns(const RunResult& run) {
  std::vector<std::string> columns = {"document", "document_name", "position", "token_index", "token_id", "token"};
  for (const MapInfo& map : run.maps)
    for (const PositionMetricInfo& metric : position_metrics())
      columns.push_back(std::string(metric.key) + "." + map.name);
  return columns;
}

namespace {

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

// float32 round-trips through 9 significant digits.
std::string number_text(float v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.9g", double(v));
  return buffer;
}

}  // namespace

Result<std::int64_t> write_token_table(const RunResult& run, const PositionSet* kept, TokenTableFormat format,
                                       std::ostream& out, Job& job) {
  const std::vector<std::string> columns = token_table_columns(run);
  const auto metrics = position_metrics();
  if (format == TokenTableFormat::Csv) {
    for (std::size_t c = 0; c < columns.size(); ++c) out << (c ? "," : "") << csv_field(columns[c]);
    out << '\n';
  }
  job.begin("writing the token table", std::int64_t(run.documents.size()));
  std::int64_t rows = 0;
  std::vector<float> values;
  for (std::size_t d = 0; d < run.documents.size(); ++d) {
    auto read = document_with_tracks(run, d, false);
    if (!read) return std::unexpected(read.error());
    const DocumentResult& doc = **read;
    for (std::size_t p = 0; p < doc.scored(); ++p) {
      if (kept && !kept->contains(int(d), int(p))) continue;
      const std::int32_t id = doc.tokens[p + 1];
      const std::string token =
          id >= 0 && std::size_t(id) < run.token_texts.size() ? run.token_texts[std::size_t(id)] : std::string();
      values.clear();
      for (std::size_t m = 0; m < run.maps.size(); ++m)
        for (const PositionMetricInfo& metric : metrics)
          values.push_back(position_value(doc, int(m), int(p), metric.metric));
      if (format == TokenTableFormat::Csv) {
        out << doc.index << ',' << csv_field(doc.name) << ',' << p << ',' << (p + 1) << ',' << id << ','
            << csv_field(token);
        for (float v : values) out << ',' << (std::isfinite(v) ? number_text(v) : std::string());
        out << '\n';
      } else {
        nlohmann::ordered_json row;
        row[columns[0]] = doc.index;
        row[columns[1]] = doc.name;
        row[columns[2]] = p;
        row[columns[3]] = p + 1;
        row[columns[4]] = id;
        row[columns[5]] = token;
        for (std::size_t i = 0; i < values.size(); ++i)
          row[columns[6 + i]] = std::isfinite(values[i]) ? nlohmann::ordered_json(std::stod(number_text(values[i])))
                                                         : nlohmann::ordered_json();
        out << row.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
      }
      ++rows;
    }
    if (!job.advance()) return fail(ErrorCode::Cancelled, "cancelled");
  }
  return rows;
}

}  // namespace core::analysis
