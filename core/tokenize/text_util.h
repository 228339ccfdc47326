#pragma once
// Small helpers every tokenizer implementation shares: reading a file with a size limit, UTF-8
// checks, the "<0xXX>" byte-token spelling, and a transparent string hash for string_view lookups.
// Internal to core/tokenize; not part of the public API.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"

namespace core::tokenize::detail {

// The whole file as bytes. Refuses files above `max_bytes` before reading them, so a wrong path
// (a 10 GB checkpoint given as a tokenizer) fails fast instead of exhausting memory.
Result<std::string> read_file_bytes(const std::filesystem::path& path,
                                    std::uintmax_t max_bytes = std::uintmax_t(1) << 30);

// True when `s` is well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
bool is_valid_utf8(std::string_view s);

// Length of the well-formed UTF-8 character starting at s[i], or 0 when none starts there.
std::size_t utf8_char_length(std::string_view s, std::size_t i);

// Appends the UTF-8 encoding of code point `cp` to `out`.
void append_utf8(std::string& out, char32_t cp);

// Parses exactly "<0xXX>" (two hex digits, either case); nullopt for anything else.
std::optional<std::uint8_t> parse_byte_token(std::string_view piece);

// "<0x0A>" for 0x0A: the spelling SentencePiece and llama2.c use for byte-fallback tokens.
std::string byte_token_name(std::uint8_t byte);

// A byte shown to a person: the byte itself when it is printable ASCII or common whitespace,
// otherwise its "<0xXX>" name (a lone byte >= 0x80 is not valid UTF-8 on its own).
std::string byte_display(std::uint8_t byte);

// Hash usable with unordered_map<std::string, V, StringHash, std::equal_to<>> to find by string_view.
struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

}  // namespace core::tokenize::detail
