#pragma once
// core::model::MappedFile: a whole file memory-mapped read-only, so weights are paged in on demand
// instead of copied. Shared (std::shared_ptr) by every tensor that views it: the mapping lives until
// the last such tensor dies. Immutable after opening; safe to read from any thread.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>

#include "core/error.h"

namespace core::model {

class MappedFile {
 public:
  // Maps `path` read-only. An empty file is mapped as an empty span (mmap refuses length 0).
  static Result<std::shared_ptr<const MappedFile>> open(const std::filesystem::path& path);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::span<const std::byte> bytes() const { return {data_, size_}; }
  const std::byte* data() const { return data_; }
  std::uint64_t size() const { return size_; }
  // The open file behind the mapping (kept open for reads such as SafetensorsFile::read_float).
  int fd() const { return fd_; }

 private:
  MappedFile() = default;
  std::filesystem::path path_;
  const std::byte* data_ = nullptr;
  std::size_t size_ = 0;
  int fd_ = -1;
};

}  // namespace core::model
