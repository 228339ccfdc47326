#include "core/demo/fortunes.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <fstream>
#include <sstream>
#include <unordered_set>

#include "core/sha256.h"
#include "core/territory/utf8.h"

namespace core::demo {
namespace {

namespace fs = std::filesystem;

std::string missing_hint(const fs::path& folder) {
  return "no fortune files in " + folder.string() +
         ": the demo's territory is Debian's fortunes (install the packages fortunes and fortunes-min, "
         "e.g. with packaging/install-deps.sh)";
}

// Splits a fortune file at lines holding only "%".
std::vector<std::string> split_file(const std::string& bytes) {
  std::vector<std::string> out;
  std::string current;
  std::size_t i = 0;
  while (i < bytes.size()) {
    std::size_t end = bytes.find('\n', i);
    const bool last = end == std::string::npos;
    if (last) end = bytes.size();
    std::string_view line(bytes.data() + i, end - i);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line == "%") {
      out.push_back(std::move(current));
      current.clear();
    } else {
      current.append(line);
      current += '\n';
    }
    i = last ? end : end + 1;
  }
  out.push_back(std::move(current));
  for (auto& f : out)
    while (!f.empty() && f.back() == '\n') f.pop_back();
  std::erase_if(out, [](const std::string& f) {
    return std::all_of(f.begin(), f.end(), [](unsigned char c) { return std::isspace(c); });
  });
  return out;
}

}  // namespace

Result<FortuneCorpus> read_fortunes(const fs::path& folder, Job& job) {
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) return fail(ErrorCode::NotFound, missing_hint(folder), folder.string());
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(folder, ec)) {
    const fs::path& p = entry.path();
    if (entry.is_symlink(ec) || !entry.is_regular_file(ec) || p.has_extension()) continue;
    files.push_back(p);
  }
  if (ec) return fail(ErrorCode::Io, "cannot list the fortune folder", folder.string(), ec.message());
  if (files.empty()) return fail(ErrorCode::NotFound, missing_hint(folder), folder.string());
  std::sort(files.begin(), files.end());

  FortuneCorpus corpus;
  Sha256 hash;
  std::unordered_set<std::string> seen;
  job.begin("reading fortunes", std::int64_t(files.size()));
  for (const fs::path& file : files) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (!in && !in.eof()) return fail(ErrorCode::Io, "cannot read the fortune file", file.string());
    const std::string bytes = buffer.str();
    const std::string category = file.filename().string();
    hash.update(category);
    hash.update(std::string_view("\0", 1));
    hash.update(std::to_string(bytes.size()));
    hash.update(std::string_view("\0", 1));
    hash.update(bytes);
    bool any = false;
    for (std::string& text : split_file(bytes)) {
      if (!territory::is_valid_utf8(text)) {
        ++corpus.skipped_invalid_utf8;
        continue;
      }
      if (!seen.insert(text).second) {
        ++corpus.duplicates;
        continue;
      }
      corpus.fortunes.push_back({category, std::move(text)});
      any = true;
    }
    if (any) corpus.categories.push_back(category);
    if (!job.advance()) return fail(ErrorCode::Cancelled, "cancelled");
  }
  if (corpus.fortunes.empty()) return fail(ErrorCode::NotFound, missing_hint(folder), folder.string());
  corpus.content_hash = hash.hex();
  return corpus;
}

bool is_held_out(const std::string& text, double held_out_fraction) {
  Sha256 h;
  h.update(text);
  const auto d = h.digest();
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = v << 8 | d[i];
  // The top 53 bits as a uniform number in [0, 1).
  return double(v >> 11) * 0x1.0p-53 < held_out_fraction;
}

Result<void> write_territory_jsonl(const fs::path& file, std::span<const Fortune> fortunes) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  if (!out) return fail(ErrorCode::Io, "cannot create the territory file", file.string());
  for (const Fortune& f : fortunes) out << nlohmann::json{{"text", f.text}, {"category", f.category}}.dump() << '\n';
  out.flush();
  if (!out) return fail(ErrorCode::Io, "cannot write the territory file", file.string());
  return {};
}

}  // namespace core::demo
