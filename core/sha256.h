#pragma once
// core::Sha256: SHA-256 (FIPS 180-4), used to name weight files in `info` and the session.
// Incremental: update() any number of times, then hex(). One object per thread.
#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/jobs/job.h"

namespace core {

class Sha256 {
 public:
  Sha256();
  void update(std::span<const std::byte> data);
  void update(std::string_view text);
  std::array<std::uint8_t, 32> digest();  // finishes the hash; call once
  std::string hex();                      // lower-case hex of digest()

 private:
  void block(const std::uint8_t* p);
  std::array<std::uint32_t, 8> h_;
  std::array<std::uint8_t, 64> buffer_{};
  std::size_t buffered_ = 0;
  std::uint64_t length_ = 0;  // bytes
};

std::string sha256_hex(std::string_view text);
// Hashes a file, reporting progress in bytes on `job` (stage already begun by the caller).
Result<std::string> sha256_file(const std::filesystem::path& path, Job& job = Job::silent());

}  // namespace core
