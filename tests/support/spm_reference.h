#pragma once
// SentencePiece references for golden tests: strings to compare on, Debian's `spm_encode` (the
// SentencePiece project's own encoder) run on them, and a minimal reader of a tokenizer.model's
// pieces (protobuf ModelProto.pieces: piece = 1, score = 2, type = 3) independent of libsentencepiece.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/test_support.h"

namespace testsupport {

// Strings with no newline (spm_encode reads one per line): contractions, emoji, CJK, numbers,
// runs of spaces and tabs, punctuation, code, and lines of real text.
inline std::vector<std::string> spm_strings(const std::filesystem::path& data) {
  std::vector<std::string> s = {
      "I believe the meaning of life is",
      "Hello, world! How are you today?",
      "I'm sure you're right; they've said we'll go, she'd agree, it's fine.",
      "Emoji: 😀🎉👍🏽 family 👨‍👩‍👧‍👦 and ❤️",
      "日本語のテキストです。中文文本。한국어 텍스트.",
      "a  b   c\t\td    e",
      "   leading spaces and trailing   ",
      "Numbers: 3.14159 2024-01-01 1,000,000 ½ 42nd 0x1F",
      "Punctuation!!! ??? ... --- ,,, ;;; () [] {} «» — …",
      "def foo(x): return x**2  # square",
      "naïve café résumé Ελληνικά кириллица العربية हिन्दी",
      "x²+y²=z² ∑∫∂ √2 ≈ 1.414 ∞",
      "supercalifragilisticexpialidocious",
      "🤖🤖🤖 robots 🦀 crab 🧬 dna",
      "\xF0\x9F\xAB\xA0 a character Llama has no piece for",
      "x",
      " ",
  };
  std::mt19937 rng(3);
  for (const char* file : {"corpus/tinyshakespeare/input.txt", "corpus/kjv/kjv.txt"}) {
    std::istringstream in(testsupport::read_file(data / file));
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);)
      if (!line.empty()) lines.push_back(line);
    for (int i = 0; i < 40; ++i) s.push_back(lines[rng() % lines.size()]);
  }
  return s;
}

// Runs spm_encode on the strings (one per line) and returns one id list per line.
inline std::vector<std::vector<std::int32_t>> spm_encode(const std::filesystem::path& model, const std::vector<std::string>& lines) {
  testsupport::TempDir dir;
  std::string input;
  for (const auto& l : lines) input += l + "\n";
  testsupport::write_file(dir / "in.txt", input);
  const std::string cmd = "spm_encode --model='" + model.string() + "' --output_format=id --input='" +
                          (dir / "in.txt").string() + "' --output='" + (dir / "out.txt").string() + "' 2>/dev/null";
  if (std::system(cmd.c_str()) != 0) return {};
  std::vector<std::vector<std::int32_t>> out;
  std::istringstream in(testsupport::read_file(dir / "out.txt"));
  for (std::string line; std::getline(in, line);) {
    std::istringstream ids(line);
    out.emplace_back();
    for (std::int32_t id; ids >> id;) out.back().push_back(id);
  }
  return out;
}

struct SpmPiece {
  std::string piece;
  float score = 0;
  int type = 1;  // 1 normal, 2 unknown, 3 control, 4 user defined, 5 unused, 6 byte
};

// The pieces of a serialized ModelProto, in id order; empty when the bytes do not parse.
inline std::vector<SpmPiece> read_spm_pieces(const std::string& b) {
  std::size_t pos = 0;
  const auto varint = [&](std::size_t& p, std::size_t end) {
    std::uint64_t v = 0;
    for (int shift = 0; p < end && shift < 64; shift += 7) {
      const auto byte = static_cast<unsigned char>(b[p++]);
      v |= std::uint64_t(byte & 0x7F) << shift;
      if (!(byte & 0x80)) break;
    }
    return v;
  };
  const auto skip = [&](std::size_t& p, std::size_t end, int wire) {
    if (wire == 0) varint(p, end);
    else if (wire == 1) p += 8;
    else if (wire == 2) p += varint(p, end);
    else if (wire == 5) p += 4;
  };
  std::vector<SpmPiece> pieces;
  while (pos < b.size()) {
    const std::uint64_t key = varint(pos, b.size());
    const int field = int(key >> 3), wire = int(key & 7);
    if (field != 1 || wire != 2) {
      skip(pos, b.size(), wire);
      continue;
    }
    const std::size_t len = varint(pos, b.size()), end = pos + len;
    SpmPiece sp;
    while (pos < end) {
      const std::uint64_t k = varint(pos, end);
      const int f = int(k >> 3), w = int(k & 7);
      if (f == 1 && w == 2) {
        const std::size_t n = varint(pos, end);
        sp.piece = b.substr(pos, n);
        pos += n;
      } else if (f == 2 && w == 5) {
        std::memcpy(&sp.score, b.data() + pos, 4);
        pos += 4;
      } else if (f == 3 && w == 0) {
        sp.type = int(varint(pos, end));
      } else {
        skip(pos, end, w);
      }
    }
    pieces.push_back(sp);
  }
  return pieces;
}

}  // namespace testsupport
