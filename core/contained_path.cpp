#include "core/contained_path.h"

namespace core {

namespace {

bool starts_with(const std::filesystem::path& root, const std::filesystem::path& p) {
  auto r = root.begin(), q = p.begin();
  for (; r != root.end(); ++r, ++q)
    if (q == p.end() || *q != *r) return false;
  return true;
}

}  // namespace

Result<std::optional<std::filesystem::path>> outside_folder(const std::filesystem::path& folder,
                                                            const std::filesystem::path& file) {
  std::error_code ec;
  const auto root = std::filesystem::canonical(folder, ec);
  if (ec) return fail(ErrorCode::Io, "cannot resolve the folder", folder.string(), ec.message());
  const auto target = std::filesystem::weakly_canonical(file, ec);
  if (ec) return fail(ErrorCode::Io, "cannot resolve the path", file.string(), ec.message());
  if (starts_with(root, target)) return std::nullopt;
  if (root.parent_path().filename() == "snapshots" && starts_with(root.parent_path().parent_path() / "blobs", target))
    return std::nullopt;
  return target;
}

Result<void> require_inside_folder(const std::filesystem::path& folder, const std::filesystem::path& file) {
  auto outside = outside_folder(folder, file);
  if (!outside) return std::unexpected(outside.error());
  if (!*outside) return {};
  return fail(ErrorCode::InvalidInput,
              "'" + file.filename().string() + "' is a link to " + (*outside)->string() +
                  ", outside the folder; a checkpoint's files must lie inside it",
              folder.string());
}

}  // namespace core
