#include "core/tokenize/byte_level.h"

#include "core/tokenize/text_util.h"

namespace core::tokenize::detail {
namespace {

struct Table {
  std::array<char32_t, 256> code{};
  std::array<std::string, 256> utf8;
  std::array<std::int16_t, 324> back{};  // code point (< 256 + 68) -> byte, -1 when none
  Table() {
    back.fill(-1);
    const auto printable = [](int b) {
      return (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
    };
    char32_t next = 256;
    for (int b = 0; b < 256; ++b) {
      code[b] = printable(b) ? char32_t(b) : next++;
      append_utf8(utf8[b], code[b]);
      back[code[b]] = static_cast<std::int16_t>(b);
    }
  }
};

const Table& table() {
  static const Table t;
  return t;
}

}  // namespace

const std::string& byte_to_char(std::uint8_t b) { return table().utf8[b]; }

std::optional<std::uint8_t> char_to_byte(char32_t cp) {
  if (cp >= table().back.size() || table().back[cp] < 0) return std::nullopt;
  return static_cast<std::uint8_t>(table().back[cp]);
}

std::string bytes_to_chars(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const char c : bytes) out += table().utf8[static_cast<unsigned char>(c)];
  return out;
}

std::string chars_to_bytes(std::string_view chars) {
  std::string out;
  out.reserve(chars.size());
  for (std::size_t i = 0; i < chars.size();) {
    const std::size_t n = utf8_char_length(chars, i);
    if (n == 0) {  // not UTF-8: keep the byte
      out += chars[i++];
      continue;
    }
    const auto u = [&](std::size_t k) { return static_cast<unsigned char>(chars[i + k]); };
    char32_t cp = n == 1 ? u(0)
                  : n == 2 ? char32_t((u(0) & 0x1F) << 6 | (u(1) & 0x3F))
                  : n == 3 ? char32_t((u(0) & 0x0F) << 12 | (u(1) & 0x3F) << 6 | (u(2) & 0x3F))
                           : char32_t((u(0) & 0x07) << 18 | (u(1) & 0x3F) << 12 | (u(2) & 0x3F) << 6 | (u(3) & 0x3F));
    if (const auto b = char_to_byte(cp)) {
      out += static_cast<char>(*b);
    } else {
      out.append(chars.substr(i, n));
    }
    i += n;
  }
  return out;
}

}  // namespace core::tokenize::detail
