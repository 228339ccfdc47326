#pragma once
// SHA-256 (FIPS 180-4): names weight files and territories so a session knows what it measured.
#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "core/error.h"

namespace core {

class Sha256 {
 public:
  Sha256();
  void update(const void* data, std::size_t size);
  void update(std::string_view s) { update(s.data(), s.size()); }
  std::array<std::uint8_t, 32> digest();  // finishes; the object must not be updated afterwards
  std::string hex();                      // finishes and returns lower-case hex

 private:
  void block(const std::uint8_t* p);
  std::array<std::uint32_t, 8> h_;
  std::array<std::uint8_t, 64> buffer_{};
  std::size_t buffered_ = 0;
  std::uint64_t length_ = 0;
};

std::string sha256_hex(std::string_view bytes);
// Streams the file in 1 MiB blocks.
Result<std::string> sha256_file(const std::filesystem::path& path);

}  // namespace core
