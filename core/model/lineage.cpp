#include "core/model/lineage.h"

#include <algorithm>
#include <cctype>
#include <limits>
#include <optional>

namespace core::model {

namespace {

namespace fs = std::filesystem;

bool is_revision(const fs::directory_entry& e) {
  std::error_code ec;
  if (e.is_directory(ec)) return fs::is_regular_file(e.path() / "config.json", ec);
  const std::string ext = e.path().extension().string();
  return e.is_regular_file(ec) && (ext == ".gguf" || ext == ".bin");
}

// The first run of digits in `name`; nullopt when there is none, or it exceeds 2^64 - 1 (`overflow`).
std::optional<std::uint64_t> first_number(const std::string& name, bool& overflow) {
  const auto begin = std::find_if(name.begin(), name.end(), [](unsigned char c) { return std::isdigit(c); });
  if (begin == name.end()) return std::nullopt;
  std::uint64_t n = 0;
  for (auto it = begin; it != name.end() && std::isdigit(static_cast<unsigned char>(*it)); ++it) {
    const std::uint64_t digit = std::uint64_t(*it - '0');
    if (n > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) {
      overflow = true;
      return std::nullopt;
    }
    n = n * 10 + digit;
  }
  return n;
}

}  // namespace

Result<std::vector<LineageRevision>> discover_lineage(const fs::path& folder) {
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) return fail(ErrorCode::NotFound, "not a folder of revisions", folder.string());
  std::vector<LineageRevision> revisions;
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.starts_with(".") || !is_revision(*it)) continue;
    bool overflow = false;
    const auto step = first_number(name, overflow);
    if (!step)
      return fail(ErrorCode::InvalidInput,
                  overflow ? "revision \"" + name + "\" has a step number too large to order"
                           : "revision \"" + name + "\" has no step number in its name, so its place in the lineage is unknown",
                  folder.string());
    revisions.push_back({it->path(), name, *step});
  }
  if (ec) return fail(ErrorCode::Io, "the folder could not be listed", folder.string(), ec.message());
  if (revisions.empty())
    return fail(ErrorCode::NotFound,
                "no revisions here: expected step-numbered checkpoint folders (with config.json) or .gguf/.bin files",
                folder.string());
  std::sort(revisions.begin(), revisions.end(), [](const auto& a, const auto& b) {
    return a.step != b.step ? a.step < b.step : a.name < b.name;
  });
  for (std::size_t i = 1; i < revisions.size(); ++i)
    if (revisions[i].step == revisions[i - 1].step)
      return fail(ErrorCode::InvalidInput,
                  "revisions \"" + revisions[i - 1].name + "\" and \"" + revisions[i].name + "\" have the same step " +
                      std::to_string(revisions[i].step),
                  folder.string());
  return revisions;
}

}  // namespace core::model
