// load_tokenizer: one entry point that tells the tokenizer formats apart by name, then by content.
#include <fstream>
#include <string>

#include "core/contained_path.h"
#include "core/tokenize/gpt2_files.h"
#include "core/tokenize/llama2c_tokenizer.h"
#include "core/tokenize/sentencepiece_tokenizer.h"
#include "core/tokenize/tokenizer.h"
#include "core/tokenize/tokenizer_json.h"

namespace core::tokenize {

namespace {

namespace fs = std::filesystem;

bool is_file(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec);
}

// GPT-2 files come in pairs; `given` is one of them, the other must lie beside it.
Result<std::shared_ptr<const Tokenizer>> load_pair(const fs::path& given, bool given_is_vocab) {
  const fs::path dir = given.parent_path();
  const char* partners[2][2] = {{"merges.txt", "vocab.bpe"}, {"vocab.json", "encoder.json"}};
  for (const char* name : partners[given_is_vocab ? 0 : 1]) {
    const fs::path other = dir / name;
    if (!is_file(other)) continue;
    // The partner is found, not given: like a checkpoint's files, it must not lead out of the folder.
    if (auto ok = require_inside_folder(dir.empty() ? fs::path(".") : dir, other); !ok) return std::unexpected(ok.error());
    return given_is_vocab ? load_gpt2_files(given, other) : load_gpt2_files(other, given);
  }
  return fail(ErrorCode::NotFound,
              std::string("GPT-2 tokenizer files come in pairs: found no ") +
                  (given_is_vocab ? "merges.txt or vocab.bpe" : "vocab.json or encoder.json") + " beside this file",
              given.string());
}

Result<std::shared_ptr<const Tokenizer>> load_file(const fs::path& path) {
  const std::string name = path.filename().string();
  const std::string ext = path.extension().string();
  if (name == "vocab.json" || name == "encoder.json") return load_pair(path, true);
  if (name == "merges.txt" || ext == ".bpe") return load_pair(path, false);
  if (ext == ".json") return load_tokenizer_json(path);
  if (ext == ".model") return load_sentencepiece(path);
  if (ext == ".bin") return load_llama2c_tokenizer(path);
  // An unfamiliar name: judge by the first byte.
  std::ifstream in(path, std::ios::binary);
  char first = 0;
  if (!in.get(first)) return fail(ErrorCode::InvalidInput, "the file is empty or unreadable", path.string());
  if (first == '{') return load_tokenizer_json(path);
  if (first == 0x0A) return load_sentencepiece(path);  // protobuf field 1 (pieces), length-delimited
  return load_llama2c_tokenizer(path);
}

}  // namespace

Result<std::shared_ptr<const Tokenizer>> load_tokenizer(const fs::path& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return fail(ErrorCode::NotFound, "tokenizer not found", path.string());
  if (!fs::is_directory(path, ec)) return load_file(path);
  for (const char* name : {"tokenizer.json", "tokenizer.model", "vocab.json", "encoder.json", "tokenizer.bin"})
    if (is_file(path / name)) {
      if (auto ok = require_inside_folder(path, path / name); !ok) return std::unexpected(ok.error());
      return load_file(path / name);
    }
  return fail(ErrorCode::NotFound,
              "no tokenizer in this folder: looked for tokenizer.json, tokenizer.model, vocab.json + "
              "merges.txt, encoder.json + vocab.bpe and tokenizer.bin",
              path.string());
}

}  // namespace core::tokenize
