#pragma once
// core::Sha256: SHA-256 (FIPS 180-4), used to name weight files in `info` and the session.
// Incremental: update() any number of times, then hex(). One object per thread.
// Computed by OpenSSL's libcrypto, which uses the CPU's SHA instructions where there are any: a
// 500 MB checkpoint hashes in 0.4 s here against 3.2 s with the portable code this replaced, and
// every map a run loads is hashed.
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
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void update(std::span<const std::byte> data);
  void update(std::string_view text);
  std::array<std::uint8_t, 32> digest();  // finishes the hash; call once
  std::string hex();                      // lower-case hex of digest()

 private:
  void* ctx_;  // OpenSSL's EVP_MD_CTX, kept out of this header
};

std::string sha256_hex(std::string_view text);
// Hashes a file, reporting progress in bytes on `job` (stage already begun by the caller).
Result<std::string> sha256_file(const std::filesystem::path& path, Job& job = Job::silent());

}  // namespace core
