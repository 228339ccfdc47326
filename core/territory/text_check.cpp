#include "core/territory/text_check.h"

#include <algorithm>
#include <cstdio>
#include <fstream>

namespace core::territory {
namespace {

// Length of the valid UTF-8 sequence at s[i]; 0 when invalid, -1 when it is cut off by the end.
int sequence_length(std::string_view s, std::size_t i) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  if (c < 0x80) return 1;
  int n;
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
  for (int k = 1; k < n; ++k) {
    if (i + std::size_t(k) >= s.size()) return -1;
    const unsigned char x = b(i + std::size_t(k));
    if (k == 1 ? (x < lo || x > hi) : (x < 0x80 || x > 0xBF)) return 0;
  }
  return n;
}

bool is_text_control(unsigned char c) {
  return c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r' || c == 0x1B;
}

}  // namespace

TextSample examine_text(std::string_view bytes, bool cut) {
  TextSample s;
  std::int64_t run = 0;
  std::size_t i = 0;
  while (i < bytes.size()) {
    const unsigned char c = static_cast<unsigned char>(bytes[i]);
    if (c == 0) {
      if (s.first_nul < 0) s.first_nul = std::int64_t(i);
      ++s.nul_bytes;
      s.longest_nul_run = std::max(s.longest_nul_run, ++run);
    } else {
      run = 0;
    }
    const int n = sequence_length(bytes, i);
    if (n < 0 && cut) break;  // a character cut by the sample's end, not a fault of the file
    if (n <= 0) {
      ++s.binary_bytes;
      ++i;
      continue;
    }
    if (n == 1 && (c < 0x20 || c == 0x7F) && !is_text_control(c)) ++s.binary_bytes;
    i += std::size_t(n);
  }
  s.bytes = std::int64_t(i);
  return s;
}

Result<void> check_text(const TextSample& s, const std::string& path, bool whole_file) {
  const std::string where = whole_file ? "" : " in its first " + format_bytes(s.bytes);
  if (s.longest_nul_run >= kMaxNulRun || s.nul_bytes * 100 > s.bytes)
    return fail(ErrorCode::InvalidInput,
                "not a text file: it holds " + std::to_string(s.nul_bytes) + " NUL bytes" + where +
                    " (the first at byte " + std::to_string(s.first_nul) +
                    "); give a UTF-8 .txt or .jsonl file (UTF-16 text must be converted to UTF-8)",
                path);
  if (s.bytes > 0 && double(s.binary_bytes) > kMaxBinaryShare * double(s.bytes)) {
    char share[32];
    std::snprintf(share, sizeof share, "%.0f%%", 100.0 * double(s.binary_bytes) / double(s.bytes));
    return fail(ErrorCode::InvalidInput,
                "not a text file: " + std::string(share) + " of its bytes" + where +
                    " are invalid UTF-8 or control characters (at most 30% are accepted); give a UTF-8 "
                    ".txt or .jsonl file",
                path);
  }
  return {};
}

Result<void> check_text_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(ErrorCode::Io, "cannot open the territory file", path.string());
  std::string sample(std::size_t(kTextSampleBytes), '\0');
  in.read(sample.data(), std::streamsize(sample.size()));
  if (in.bad()) return fail(ErrorCode::Io, "read error", path.string());
  sample.resize(std::size_t(in.gcount()));
  const bool whole = in.peek() == std::char_traits<char>::eof();
  return check_text(examine_text(sample, !whole), path.string(), whole);
}

std::string format_bytes(std::int64_t bytes) {
  char out[32];
  if (bytes < 1024) return std::to_string(bytes) + " bytes";
  if (bytes < (1 << 20)) std::snprintf(out, sizeof out, "%.0f KiB", double(bytes) / 1024.0);
  else std::snprintf(out, sizeof out, "%.1f MiB", double(bytes) / double(1 << 20));
  return out;
}

}  // namespace core::territory
