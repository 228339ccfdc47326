#include "core/tokenize/json_vocab.h"

#include <nlohmann/json.hpp>

namespace core::tokenize::detail {

void ensure_id(BpeConfig& config, TokenId id) {
  if (std::size_t(id) >= config.vocab.size()) {
    config.vocab.resize(std::size_t(id) + 1);
    config.in_vocab.resize(std::size_t(id) + 1, false);
  }
}

Result<void> read_vocab_object(const nlohmann::json& vocab, BpeConfig& config, const std::string& what,
                               const std::string& path) {
  if (!vocab.is_object())
    return fail(ErrorCode::InvalidInput, what + " must be a JSON object of token -> id", path);
  if (vocab.empty()) return fail(ErrorCode::InvalidInput, what + " is empty", path);
  std::int64_t max_id = -1;
  for (const auto& [token, id] : vocab.items()) {
    if (!id.is_number_integer())
      return fail(ErrorCode::InvalidInput, what + ": the id of \"" + token + "\" is not an integer", path);
    const auto v = id.get<std::int64_t>();
    if (v < 0 || v >= kMaxVocab)
      return fail(ErrorCode::InvalidInput,
                  what + ": the id of \"" + token + "\" is " + std::to_string(v) + ", outside 0.." +
                      std::to_string(kMaxVocab - 1),
                  path);
    max_id = std::max(max_id, v);
  }
  ensure_id(config, TokenId(max_id));
  for (const auto& [token, id] : vocab.items()) {
    const auto v = std::size_t(id.get<std::int64_t>());
    if (config.in_vocab[v])
      return fail(ErrorCode::InvalidInput,
                  what + ": id " + std::to_string(v) + " is given to both \"" + config.vocab[v] + "\" and \"" +
                      token + "\"",
                  path);
    config.vocab[v] = token;
    config.in_vocab[v] = true;
  }
  return {};
}

Result<void> read_merges_text(std::string_view text, BpeConfig& config, const std::string& path) {
  std::size_t line_no = 0;
  for (std::size_t pos = 0; pos < text.size();) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || (line_no == 1 && line.starts_with("#version"))) continue;
    const std::size_t space = line.find(' ');
    if (space == 0 || space == std::string_view::npos || space + 1 == line.size() ||
        line.find(' ', space + 1) != std::string_view::npos)
      return fail(ErrorCode::InvalidInput,
                  "line " + std::to_string(line_no) + " is not a merge \"left right\": \"" +
                      std::string(line.substr(0, 80)) + "\"",
                  path);
    config.merges.emplace_back(line.substr(0, space), line.substr(space + 1));
    config.merge_lines.push_back(line_no);
  }
  return {};
}

Result<nlohmann::json> parse_json(std::string_view text, const std::string& path) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    return fail(ErrorCode::InvalidInput, "not valid JSON at byte " + std::to_string(e.byte), path, e.what());
  }
}

}  // namespace core::tokenize::detail
