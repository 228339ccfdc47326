#pragma once
// Helpers for the libFuzzer targets (tests/fuzz/*_fuzz.cpp): most readers open a path, so the input
// bytes are written to a file in a per-process folder that is reused for every input.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

namespace fuzz {

inline const std::filesystem::path& scratch() {
  static const std::filesystem::path dir = [] {
    auto d = std::filesystem::temp_directory_path() / ("cartograph-fuzz-" + std::to_string(::getpid()));
    std::filesystem::create_directories(d);
    return d;
  }();
  return dir;
}

// Writes `bytes` to scratch()/name (replacing it) and returns the path.
inline std::filesystem::path write(const std::string& name, std::string_view bytes) {
  const auto path = scratch() / name;
  std::ofstream(path, std::ios::binary | std::ios::trunc).write(bytes.data(), std::streamsize(bytes.size()));
  return path;
}

inline std::string_view view(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Splits an input at the first "\n--8<--\n" into two files' contents (the second empty when absent).
inline std::pair<std::string_view, std::string_view> split(std::string_view in) {
  constexpr std::string_view cut = "\n--8<--\n";
  const auto at = in.find(cut);
  if (at == std::string_view::npos) return {in, {}};
  return {in.substr(0, at), in.substr(at + cut.size())};
}

}  // namespace fuzz
