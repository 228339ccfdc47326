#include "core/bench/load.h"

#include <ATen/ATen.h>
#include <c10/core/InferenceMode.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <limits>
#include <memory>
#include <vector>

#include "core/bench/machine.h"
#include "core/model/checkpoint.h"
#include "core/sha256.h"

namespace core::bench {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> weight_files(const fs::path& folder) {
  std::vector<fs::path> files;
  std::error_code ec;
  if (fs::is_regular_file(folder, ec)) return {folder};  // a one-file checkpoint: llama2.c, GGUF
  for (const auto& entry : fs::directory_iterator(folder, ec))
    if (entry.path().extension() == ".safetensors") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

// Reads the whole file into newly allocated memory (`fresh`), as a loader that copies would, or
// through one reused buffer, as `cat` does.
Result<std::int64_t> read_file(const fs::path& path, bool fresh) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return fail(ErrorCode::Io, "cannot open the weights", path.string());
  std::error_code ec;
  const auto size = std::int64_t(fs::file_size(path, ec));
  constexpr std::int64_t kBuffer = 1 << 20;
  std::unique_ptr<char[]> buffer(new char[std::size_t(fresh ? std::max<std::int64_t>(size, 1) : kBuffer)]);
  std::int64_t done = 0;
  while (done < size) {
    char* into = fresh ? buffer.get() + done : buffer.get();
    const ssize_t n = ::read(fd, into, std::size_t(fresh ? size - done : std::min(kBuffer, size - done)));
    if (n <= 0) break;
    done += n;
  }
  ::close(fd);
  if (ec || done != size) return fail(ErrorCode::Io, "short read of the weights", path.string());
  return size;
}

}  // namespace

Result<LoadMeasure> measure_load(const fs::path& folder, int repeats) {
  const auto files = weight_files(folder);
  if (files.empty()) return fail(ErrorCode::NotFound, "no weight file to time (a folder of .safetensors, or one checkpoint file)", folder.string());
  LoadMeasure m;
  repeats = std::max(1, repeats);
  const auto best_of = [repeats](auto&& f) -> Result<double> {
    double best = std::numeric_limits<double>::infinity();
    for (int r = 0; r < repeats; ++r) {
      const double t0 = wall_seconds();
      if (auto ok = f(); !ok) return std::unexpected(ok.error());
      best = std::min(best, wall_seconds() - t0);
    }
    return best;
  };
  const auto read_all = [&](bool fresh) -> Result<void> {
    std::int64_t bytes = 0;
    for (const auto& f : files) {
      auto n = read_file(f, fresh);
      if (!n) return std::unexpected(n.error());
      bytes += *n;
    }
    m.file_bytes = bytes;
    return {};
  };
  if (auto warm = read_all(false); !warm) return std::unexpected(warm.error());
  auto read = best_of([&] { return read_all(false); });
  if (!read) return std::unexpected(read.error());
  m.read_seconds = *read;
  auto copy = best_of([&] { return read_all(true); });
  if (!copy) return std::unexpected(copy.error());
  m.read_copy_seconds = *copy;

  model::LoadOptions options;
  options.hash_weights = false;
  auto load = best_of([&]() -> Result<void> {
    auto c = model::load_checkpoint(folder, options);
    if (!c) return std::unexpected(c.error());
    return {};
  });
  if (!load) return std::unexpected(load.error());
  m.load_seconds = *load;
  const auto first_forward = [&folder](const model::Checkpoint& c) -> Result<void> {
    try {
      c10::InferenceMode guard;
      const at::Tensor features = c.model->trunk(at::zeros({1, 1}, at::kLong));
      (void)c.model->head(features.view({1, -1}));
    } catch (const std::exception& e) {
      return fail(ErrorCode::Internal, "the first forward pass failed", folder.string(), e.what());
    }
    return {};
  };
  auto ready = best_of([&]() -> Result<void> {
    auto c = model::load_checkpoint(folder, options);
    if (!c) return std::unexpected(c.error());
    return first_forward(*c);
  });
  if (!ready) return std::unexpected(ready.error());
  m.ready_seconds = *ready;
  auto loaded = model::load_checkpoint(folder, options);
  if (!loaded) return std::unexpected(loaded.error());
  if (auto warm = first_forward(*loaded); !warm) return std::unexpected(warm.error());
  auto forward = best_of([&] { return first_forward(*loaded); });
  if (!forward) return std::unexpected(forward.error());
  m.forward_seconds = *forward;
  auto hash = best_of([&]() -> Result<void> {
    for (const auto& f : files)
      if (auto h = sha256_file(f.string()); !h) return std::unexpected(h.error());
    return {};
  });
  if (!hash) return std::unexpected(hash.error());
  m.hash_seconds = *hash;
  return m;
}

}  // namespace core::bench
