#include "core/territory/utf8.h"

namespace core::territory {
namespace {

// Length of the valid UTF-8 sequence starting at s[i], or 0 when it is invalid (overlongs,
// surrogates and code points above U+10FFFF are invalid).
std::size_t valid_sequence(std::string_view s, std::size_t i) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  if (c < 0x80) return 1;
  std::size_t n;
  unsigned char lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) n = 2;
  else if (c == 0xE0) n = 3, lo = 0xA0;
  else if (c >= 0xE1 && c <= 0xEC) n = 3;
  else if (c == 0xED) n = 3, hi = 0x9F;
  else if (c >= 0xEE && c <= 0xEF) n = 3;
  else if (c == 0xF0) n = 4, lo = 0x90;
  else if (c >= 0xF1 && c <= 0xF3) n = 4;
  else if (c == 0xF4) n = 4, hi = 0x8F;
  else return 0;
  if (i + n > s.size()) return 0;
  if (b(i + 1) < lo || b(i + 1) > hi) return 0;
  for (std::size_t k = 2; k < n; ++k)
    if (b(i + k) < 0x80 || b(i + k) > 0xBF) return 0;
  return n;
}

}  // namespace

std::string sanitize_utf8(std::string_view in, std::vector<std::int64_t>* invalid_offsets) {
  std::string out;
  out.reserve(in.size());
  std::size_t i = 0;
  while (i < in.size()) {
    if (const std::size_t n = valid_sequence(in, i)) {
      out.append(in.data() + i, n);
      i += n;
      continue;
    }
    if (invalid_offsets) invalid_offsets->push_back(std::int64_t(i));
    out += "\xEF\xBF\xBD";
    // Skip the maximal prefix of a would-be sequence: a lead byte plus following continuation bytes.
    ++i;
    while (i < in.size() && (static_cast<unsigned char>(in[i]) & 0xC0) == 0x80 && valid_sequence(in, i) == 0) ++i;
  }
  return out;
}

bool is_valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = valid_sequence(s, i);
    if (!n) return false;
    i += n;
  }
  return true;
}

}  // namespace core::territory
