#include "core/atomic_write.h"

#include <fstream>
#include <random>
#include <system_error>

namespace core {

namespace fs = std::filesystem;

Result<void> check_writable_target(const fs::path& target, const AtomicWriteOptions& options) {
  std::error_code ec;
  if (target.empty()) return fail(ErrorCode::InvalidInput, "no output file given");
  if (fs::is_directory(target, ec))
    return fail(ErrorCode::InvalidInput, "is a folder: give a file name for the output", target.string());
  if (fs::exists(target, ec) && !options.overwrite)
    return fail(ErrorCode::InvalidInput, "the file exists already (use --force to replace it)", target.string());
  const fs::path parent = target.has_parent_path() ? target.parent_path() : fs::path(".");
  if (!fs::is_directory(parent, ec))
    return fail(ErrorCode::NotFound, "the folder to write into does not exist", parent.string());
  return {};
}

Result<void> write_atomically(const fs::path& target, const AtomicWriteOptions& options,
                              const std::function<Result<void>(std::ostream&)>& write) {
  if (auto ok = check_writable_target(target, options); !ok) return ok;
  std::random_device random;
  const fs::path temp = fs::path(target).concat(".part-" + std::to_string(random() % 1000000));
  std::error_code ec;
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (!out)
      return fail(ErrorCode::Io, "cannot write here (permission denied or read-only folder)", target.string());
    Result<void> written = write(out);
    out.flush();
    const bool good = bool(out);
    out.close();
    if (!written || !good || out.fail()) {
      fs::remove(temp, ec);
      if (!written) return written;
      return fail(ErrorCode::Io, "writing failed (disk full?); nothing was written", target.string());
    }
  }
  fs::rename(temp, target, ec);
  if (ec) {
    fs::remove(temp, ec);
    return fail(ErrorCode::Io, "could not move the finished file into place", target.string(), ec.message());
  }
  return {};
}

}  // namespace core
