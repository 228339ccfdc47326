#pragma once
// An independent, deliberately naive transcription of llama2.c run.c `encode()` for tests: it parses
// tokenizer.bin itself and rescans the whole sequence for the best pair after every merge, exactly
// as run.c does (quadratic; only for test-sized texts).
#include <cstdint>
#include <cstring>
#include <map>
#include <string>
#include <vector>

namespace testsupport {

struct NaiveLlama2c {
  std::vector<std::string> vocab;
  std::vector<float> scores;
  std::map<std::string, int> sorted;  // run.c's bsearch over the sorted vocabulary

  explicit NaiveLlama2c(const std::string& bytes) {
    std::size_t off = 4;
    while (off + 8 <= bytes.size()) {
      float s;
      std::int32_t len;
      std::memcpy(&s, bytes.data() + off, 4);
      std::memcpy(&len, bytes.data() + off + 4, 4);
      scores.push_back(s);
      vocab.push_back(bytes.substr(off + 8, std::size_t(len)));
      off += 8 + std::size_t(len);
    }
    for (std::size_t i = 0; i < vocab.size(); ++i) sorted.emplace(vocab[i], int(i));
  }

  int lookup(const std::string& s) const {
    auto it = sorted.find(s);
    return it == sorted.end() ? -1 : it->second;
  }

  std::vector<int> encode(const std::string& text, bool bos) const {
    std::vector<int> tokens;
    if (bos) tokens.push_back(1);
    if (!text.empty()) tokens.push_back(lookup(" "));
    std::string buf;
    for (std::size_t c = 0; c < text.size(); ++c) {
      if ((text[c] & 0xC0) != 0x80) buf.clear();
      buf += text[c];
      if (c + 1 < text.size() && (text[c + 1] & 0xC0) == 0x80 && buf.size() < 4) continue;
      const int id = lookup(buf);
      if (id != -1) {
        tokens.push_back(id);
      } else {
        for (unsigned char b : buf) tokens.push_back(int(b) + 3);
      }
      buf.clear();
    }
    while (true) {
      float best_score = -1e10f;
      int best_id = -1, best_idx = -1;
      for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
        const int id = lookup(vocab[tokens[i]] + vocab[tokens[i + 1]]);
        if (id != -1 && scores[id] > best_score) {
          best_score = scores[id];
          best_id = id;
          best_idx = int(i);
        }
      }
      if (best_idx == -1) break;
      tokens[best_idx] = best_id;
      tokens.erase(tokens.begin() + best_idx + 1);
    }
    return tokens;
  }
};

}  // namespace testsupport
