#include "core/model/map_chat_template.h"

#include "core/model/gguf_file.h"

namespace core::model {
namespace fs = std::filesystem;

namespace {

Result<tokenize::ChatTemplate> from_gguf(const fs::path& path) {
  auto file = GgufFile::open(path);
  if (!file) return std::unexpected(file.error());
  const GgufValue* source = (*file)->find_value("tokenizer.chat_template");
  if (!source) return fail(ErrorCode::NotFound, "this map has no chat template (no tokenizer.chat_template in its GGUF metadata)", path.string());
  if (source->type != GgufValueType::String)
    return fail(ErrorCode::InvalidInput, "tokenizer.chat_template in the GGUF metadata is not a string", path.string());
  tokenize::ChatTemplate chat;
  chat.source = source->text;
  chat.origin = path.string() + " (tokenizer.chat_template)";
  const GgufValue* tokens = (*file)->find_value("tokenizer.ggml.tokens");
  auto token_text = [&](const char* key) -> std::string {
    const GgufValue* id = (*file)->find_value(key);
    if (!tokens || !id || !id->is_integer() || id->integer < 0 || std::uint64_t(id->integer) >= tokens->strings.size()) return {};
    return tokens->strings[std::size_t(id->integer)];
  };
  chat.bos_token = token_text("tokenizer.ggml.bos_token_id");
  chat.eos_token = token_text("tokenizer.ggml.eos_token_id");
  chat.pad_token = token_text("tokenizer.ggml.padding_token_id");
  chat.unk_token = token_text("tokenizer.ggml.unknown_token_id");
  return chat;
}

}  // namespace

Result<tokenize::ChatTemplate> load_chat_template(const fs::path& model, const fs::path& tokenizer_override) {
  std::error_code ec;
  if (!tokenizer_override.empty()) return tokenize::find_chat_template(tokenizer_override);
  if (!fs::exists(model, ec)) return fail(ErrorCode::NotFound, "no such map", model.string());
  if (!fs::is_directory(model, ec) && looks_like_gguf(model)) return from_gguf(model);
  if (fs::is_directory(model, ec)) {
    auto chat = tokenize::find_chat_template(model);
    if (!chat && chat.error().code == ErrorCode::NotFound)
      return fail(ErrorCode::NotFound,
                  "this map has no chat template (no chat_template in its tokenizer_config.json, no chat_template.jinja)",
                  model.string());
    return chat;
  }
  return fail(ErrorCode::NotFound,
              "this map has no chat template (only Hugging Face folders and GGUF files carry one; "
              "--tokenizer can name a tokenizer whose tokenizer_config.json has one)",
              model.string());
}

}  // namespace core::model
