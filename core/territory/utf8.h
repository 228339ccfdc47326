#pragma once
// UTF-8 validation with replacement: territories are user files and may hold invalid bytes.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace core::territory {

// Replaces every maximal invalid subsequence with U+FFFD (as the Unicode standard recommends) and
// returns the byte offsets (in the input) where replacements happened.
std::string sanitize_utf8(std::string_view in, std::vector<std::int64_t>* invalid_offsets = nullptr);

bool is_valid_utf8(std::string_view s);

}  // namespace core::territory
