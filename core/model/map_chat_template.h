#pragma once
// core::model::load_chat_template: the chat template of a map as the CLI and the workbench name it
// (see docs/ARCHITECTURE.md, "Chat templates"). A Hugging Face folder's tokenizer_config.json (or
// chat_template.jinja); with a tokenizer override, the one beside that tokenizer; a GGUF file's
// `tokenizer.chat_template` metadata with BOS/EOS from its vocabulary. A map without one (a llama2.c
// `.bin`, most base models) is ErrorCode::NotFound with the map's path and what was looked for.
#include <filesystem>

#include "core/error.h"
#include "core/tokenize/chat_template.h"

namespace core::model {

Result<tokenize::ChatTemplate> load_chat_template(const std::filesystem::path& model,
                                                  const std::filesystem::path& tokenizer_override = {});

}  // namespace core::model
