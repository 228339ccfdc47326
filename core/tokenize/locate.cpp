#include "core/tokenize/locate.h"

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

namespace core::tokenize {
namespace {

namespace fs = std::filesystem;

bool is_regular(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec);
}

Result<fs::path> locate_in_folder(const fs::path& dir, const std::string& what) {
  if (is_regular(dir / "tokenizer.json")) return dir / "tokenizer.json";
  if (is_regular(dir / "tokenizer.model")) return dir / "tokenizer.model";
  if (is_regular(dir / "vocab.json") && is_regular(dir / "merges.txt")) return dir / "vocab.json";
  if (is_regular(dir / "encoder.json") && is_regular(dir / "vocab.bpe")) return dir / "encoder.json";
  if (is_regular(dir / "tokenizer.bin")) return dir / "tokenizer.bin";
  return fail(ErrorCode::NotFound,
              "no tokenizer found for " + what +
                  ": looked for tokenizer.json, tokenizer.model, vocab.json + merges.txt, "
                  "encoder.json + vocab.bpe and tokenizer.bin; pass --tokenizer",
              dir.string());
}

// |vocab_size| from a llama2.c checkpoint header, or nullopt when the header cannot be read.
std::optional<std::int64_t> llama2c_vocab_size(const fs::path& bin) {
  std::ifstream in(bin, std::ios::binary);
  std::int32_t header[7];
  if (!in.read(reinterpret_cast<char*>(header), sizeof header)) return std::nullopt;
  const std::int64_t v = std::llabs(static_cast<long long>(header[5]));
  if (v <= 0) return std::nullopt;
  return v;
}

}  // namespace

Result<fs::path> locate_tokenizer(const fs::path& model_path) {
  std::error_code ec;
  if (!fs::exists(model_path, ec)) return fail(ErrorCode::NotFound, "model not found", model_path.string());
  if (fs::is_directory(model_path, ec)) return locate_in_folder(model_path, "this model folder");

  const fs::path dir = model_path.has_parent_path() ? model_path.parent_path() : fs::path(".");
  if (model_path.extension() != ".bin") return locate_in_folder(dir, model_path.filename().string());

  if (is_regular(dir / "tokenizer.bin")) return dir / "tokenizer.bin";
  std::string looked = "tokenizer.bin";
  if (const auto vocab = llama2c_vocab_size(model_path)) {
    const fs::path numbered = dir / ("tok" + std::to_string(*vocab) + ".bin");
    if (is_regular(numbered)) return numbered;
    looked += " and " + numbered.filename().string();
  } else {
    looked += " (the checkpoint header is too short to name a tok<N>.bin)";
  }
  return fail(ErrorCode::NotFound,
              "no llama2.c tokenizer beside the model: looked for " + looked + " in " + dir.string() +
                  "; pass --tokenizer",
              model_path.string());
}

}  // namespace core::tokenize
