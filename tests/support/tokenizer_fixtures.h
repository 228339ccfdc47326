#pragma once
// Writers for small tokenizer files that tests build themselves (no real data needed).
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace testsupport {

// A llama2.c tokenizer.bin: <unk>, <s>, </s>, the 256 byte tokens "<0x00>".."<0xFF>", then `extra`
// (piece, score) entries from id 259 on.
inline std::string make_llama2c_bin(const std::vector<std::pair<std::string, float>>& extra) {
  std::vector<std::pair<std::string, float>> all = {{"<unk>", 0}, {"\n<s>\n", 0}, {"\n</s>\n", 0}};
  static const char* hex = "0123456789ABCDEF";
  for (int b = 0; b < 256; ++b) all.push_back({std::string("<0x") + hex[b >> 4] + hex[b & 15] + ">", 0});
  all.insert(all.end(), extra.begin(), extra.end());
  std::int32_t max_len = 0;
  for (auto& [p, s] : all) max_len = std::max<std::int32_t>(max_len, std::int32_t(p.size()));
  std::string bin;
  const auto put = [&bin](const void* v) { bin.append(static_cast<const char*>(v), 4); };
  put(&max_len);
  for (auto& [p, s] : all) {
    const auto len = std::int32_t(p.size());
    put(&s);
    put(&len);
    bin += p;
  }
  return bin;
}

}  // namespace testsupport
