#pragma once
// GPT-2's reversible byte <-> printable-character table ("bytes_to_unicode" in OpenAI's encoder.py):
// printable Latin-1 bytes map to themselves, the other 68 bytes to U+0100.. in byte order, so every
// byte sequence becomes a string of visible characters a BPE vocabulary can hold.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace core::tokenize::detail {

// The UTF-8 spelling of byte b's character.
const std::string& byte_to_char(std::uint8_t b);

// The byte a character (code point) stands for, or nullopt when it is not in the table.
std::optional<std::uint8_t> char_to_byte(char32_t cp);

// Maps every byte of `bytes` to its character.
std::string bytes_to_chars(std::string_view bytes);

// Inverts bytes_to_chars; characters outside the table are kept as their own UTF-8 bytes.
std::string chars_to_bytes(std::string_view chars);

}  // namespace core::tokenize::detail
