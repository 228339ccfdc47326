#include "core/tokenize/chat_template.h"

#include <nlohmann/json.hpp>

#include "core/tokenize/text_util.h"

namespace core::tokenize {
namespace fs = std::filesystem;

namespace {

// A special token in tokenizer_config.json: "<s>" or {"content": "<s>", ...}; "" when absent.
std::string special(const nlohmann::json& config, const char* key) {
  const auto it = config.find(key);
  if (it == config.end()) return {};
  if (it->is_string()) return it->get<std::string>();
  if (it->is_object() && it->contains("content") && (*it)["content"].is_string()) return (*it)["content"];
  return {};
}

constexpr std::uintmax_t kMaxConfigBytes = std::uintmax_t(64) << 20;

ChatTemplate specials_of(const nlohmann::json& config, const std::string& path) {
  ChatTemplate chat;
  chat.origin = path;
  chat.bos_token = special(config, "bos_token");
  chat.eos_token = special(config, "eos_token");
  chat.pad_token = special(config, "pad_token");
  chat.unk_token = special(config, "unk_token");
  return chat;
}

Result<nlohmann::json> parse_object(std::string_view text, const std::string& path) {
  nlohmann::json config;
  try {
    config = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    return fail(ErrorCode::InvalidInput, "not valid JSON", path, e.what());
  }
  if (!config.is_object()) return fail(ErrorCode::InvalidInput, "not a JSON object", path);
  return config;
}

Result<ChatTemplate> from_config(const nlohmann::json& config, const std::string& path) {
  ChatTemplate chat = specials_of(config, path);
  const auto it = config.find("chat_template");
  if (it == config.end() || it->is_null()) return fail(ErrorCode::NotFound, "has no chat_template", path);
  if (it->is_string()) {
    chat.source = it->get<std::string>();
  } else if (it->is_array()) {
    std::string names;
    for (const auto& t : *it) {
      if (!t.is_object() || !t.contains("name") || !t.contains("template") || !t["name"].is_string() ||
          !t["template"].is_string())
        return fail(ErrorCode::InvalidInput, "chat_template is a list whose items are not {name, template}", path);
      if (t["name"] == "default") chat.source = t["template"];
      names += (names.empty() ? "" : ", ") + t["name"].get<std::string>();
    }
    if (chat.source.empty())
      return fail(ErrorCode::NotFound, "chat_template has no template named \"default\" (it has " + names + ")", path);
  } else {
    return fail(ErrorCode::InvalidInput, "chat_template is neither a string nor a list of {name, template}", path);
  }
  if (!detail::is_valid_utf8(chat.source)) return fail(ErrorCode::InvalidInput, "chat_template is not valid UTF-8", path);
  return chat;
}

}  // namespace

Result<ChatTemplate> parse_chat_template_config(std::string_view config_json, const std::string& path) {
  auto config = parse_object(config_json, path);
  if (!config) return std::unexpected(config.error());
  return from_config(*config, path);
}

Result<ChatTemplate> find_chat_template(const fs::path& model_or_tokenizer) {
  std::error_code ec;
  const fs::path dir = fs::is_directory(model_or_tokenizer, ec) ? model_or_tokenizer : model_or_tokenizer.parent_path();
  const fs::path config_path = dir / "tokenizer_config.json", jinja_path = dir / "chat_template.jinja";
  ChatTemplate specials;
  if (fs::is_regular_file(config_path, ec)) {
    auto bytes = detail::read_file_bytes(config_path, kMaxConfigBytes);
    if (!bytes) return std::unexpected(bytes.error());
    auto config = parse_object(*bytes, config_path.string());
    if (!config) return std::unexpected(config.error());
    auto chat = from_config(*config, config_path.string());
    if (chat || chat.error().code != ErrorCode::NotFound) return chat;
    specials = specials_of(*config, config_path.string());  // for a chat_template.jinja beside it
  }
  if (fs::is_regular_file(jinja_path, ec)) {
    auto bytes = detail::read_file_bytes(jinja_path, std::uintmax_t(1) << 20);
    if (!bytes) return std::unexpected(bytes.error());
    if (!detail::is_valid_utf8(*bytes)) return fail(ErrorCode::InvalidInput, "not valid UTF-8", jinja_path.string());
    specials.source = std::move(*bytes);
    specials.origin = jinja_path.string();
    return specials;
  }
  return fail(ErrorCode::NotFound,
              "no chat template: looked for chat_template in tokenizer_config.json and for chat_template.jinja",
              dir.string());
}

Result<std::string> render_chat(const ChatTemplate& chat, std::span<const ChatMessage> messages,
                                bool add_generation_prompt, jinja::Limits limits) {
  auto tmpl = jinja::Template::parse(chat.source, chat.origin, limits);
  if (!tmpl) return std::unexpected(tmpl.error());
  jinja::List list;
  for (const auto& m : messages)
    list.push_back(jinja::Value::make_dict({{"role", jinja::Value::string(m.role)},
                                            {"content", jinja::Value::string(m.content)}}));
  jinja::Dict context{{"messages", jinja::Value::make_list(std::move(list))},
                      {"add_generation_prompt", jinja::Value::boolean(add_generation_prompt)}};
  // transformers passes every special token it knows; a template tests the missing ones with `is defined`.
  const std::pair<const char*, const std::string*> specials[] = {
      {"bos_token", &chat.bos_token}, {"eos_token", &chat.eos_token},
      {"pad_token", &chat.pad_token}, {"unk_token", &chat.unk_token}};
  for (const auto& [key, value] : specials)
    if (!value->empty()) context.emplace_back(key, jinja::Value::string(*value));
  return tmpl->render(context);
}

Result<std::string> user_turn_prompt(const ChatTemplate& chat, const Tokenizer& tokenizer, std::string_view content) {
  const ChatMessage turn{"user", std::string(content)};
  auto text = render_chat(chat, std::span(&turn, 1), true);
  if (!text) return text;
  // bos_token is the map's BOS by definition (llama2.c spells its piece "\n<s>\n", so pieces are not compared).
  if (tokenizer.adds_bos() && tokenizer.bos_id() && !chat.bos_token.empty() && text->starts_with(chat.bos_token))
    text->erase(0, chat.bos_token.size());
  return text;
}

}  // namespace core::tokenize
