// Placeholder until the tokenizer.json reader lands.
#include "core/tokenize/tokenizer.h"

namespace core::tokenize {

Result<std::shared_ptr<const Tokenizer>> load_tokenizer_json(const std::filesystem::path& path) {
  return fail(ErrorCode::Unsupported, "tokenizer.json is not supported yet", path.string());
}

}  // namespace core::tokenize
