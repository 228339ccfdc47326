#include "core/territory/jsonl_fields.h"

#include <algorithm>
#include <fstream>
#include <string_view>

#include <nlohmann/json.hpp>

namespace core::territory {

Result<std::vector<std::string>> jsonl_fields(const std::filesystem::path& path, const JsonlFieldOptions& options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(ErrorCode::Io, "cannot open the territory file", path.string());
  // One read of at most max_bytes: a file of long lines is never read further than that.
  std::string head(std::size_t(std::max<std::int64_t>(options.max_bytes, 0)), '\0');
  in.read(head.data(), std::streamsize(head.size()));
  if (in.bad()) return fail(ErrorCode::Io, "read error", path.string());
  head.resize(std::size_t(in.gcount()));
  const bool whole = in.eof();  // the file ended inside the limit
  std::vector<std::string> fields;
  std::size_t lines = 0, start = 0;
  while (start < head.size() && lines < options.max_lines) {
    std::size_t end = head.find('\n', start);
    if (end == std::string::npos) {
      if (!whole) break;  // a line cut by the limit is not parsed
      end = head.size();
    }
    const std::string_view line(head.data() + start, end - start);
    start = end + 1;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    ++lines;
    const nlohmann::ordered_json doc = nlohmann::ordered_json::parse(line, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) continue;
    for (auto it = doc.begin(); it != doc.end(); ++it) {
      if (it.key() == options.text_field || !(it->is_string() || it->is_number())) continue;
      if (std::find(fields.begin(), fields.end(), it.key()) == fields.end()) fields.push_back(it.key());
    }
  }
  return fields;
}

}  // namespace core::territory
