#include "core/analysis/prompt_template.h"

#include <algorithm>

namespace core::analysis {
namespace {

std::string template_quoted(const std::string& s) { return "\u201c" + s + "\u201d"; }

// A field name: a letter or underscore, then letters, digits, '_', '-' or '.'.
bool template_field_char(char c, bool first) {
  const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  if (first) return letter;
  return letter || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

}  // namespace

Result<std::vector<TemplatePart>> parse_prompt_template(const std::string& prompt_name, const std::string& text) {
  (void)prompt_name;
  std::vector<TemplatePart> parts;
  std::string literal;
  const auto flush = [&] {
    if (!literal.empty()) parts.push_back({false, std::move(literal)});
    literal.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if ((c == '{' || c == '}') && i + 1 < text.size() && text[i + 1] == c) {
      literal += c;
      ++i;
      continue;
    }
    if (c == '{') {
      std::size_t end = i + 1;
      while (end < text.size() && template_field_char(text[end], end == i + 1)) ++end;
      if (end > i + 1 && end < text.size() && text[end] == '}') {
        flush();
        parts.push_back({true, text.substr(i + 1, end - i - 1)});
        i = end;
        continue;
      }
    }
    literal += c;  // a brace that opens no placeholder is text (code, JSON)
  }
  flush();
  return parts;
}

std::vector<std::string> template_fields(const std::vector<TemplatePart>& parts) {
  std::vector<std::string> fields;
  for (const TemplatePart& p : parts)
    if (p.field && std::find(fields.begin(), fields.end(), p.text) == fields.end()) fields.push_back(p.text);
  return fields;
}

Result<std::string> expand_prompt(const std::string& prompt_name, const std::vector<TemplatePart>& parts,
                                  const std::map<std::string, std::string>& metadata,
                                  const std::string& document_name) {
  std::string out;
  for (const TemplatePart& p : parts) {
    if (!p.field) {
      out += p.text;
      continue;
    }
    const auto it = metadata.find(p.text);
    if (it == metadata.end())
      return fail(ErrorCode::NotFound, "prompt " + template_quoted(prompt_name) + " uses the field " + template_quoted(p.text) +
                                           ", which the metadata of document " + template_quoted(document_name) + " lacks");
    out += it->second;
  }
  return out;
}

Result<std::vector<std::string>> expand_prompt_for_documents(const std::string& prompt_name, const std::string& text,
                                                             const std::vector<TemplateDocument>& documents) {
  auto parts = parse_prompt_template(prompt_name, text);
  if (!parts) return std::unexpected(parts.error());
  for (const std::string& field : template_fields(*parts)) {
    std::vector<const std::string*> lacking;
    for (const TemplateDocument& d : documents)
      if (!d.metadata.count(field)) lacking.push_back(&d.name);
    if (lacking.empty()) continue;
    constexpr std::size_t kNamed = 5;
    std::string names;
    for (std::size_t i = 0; i < std::min(lacking.size(), kNamed); ++i)
      names += (i ? ", " : "") + template_quoted(*lacking[i]);
    if (lacking.size() > kNamed) names += " and " + std::to_string(lacking.size() - kNamed) + " more";
    return fail(ErrorCode::NotFound, "prompt " + template_quoted(prompt_name) + " uses the field " + template_quoted(field) + ", which " +
                                         std::to_string(lacking.size()) + " of " + std::to_string(documents.size()) +
                                         " documents lack in their metadata: " + names);
  }
  std::vector<std::string> out;
  out.reserve(documents.size());
  for (const TemplateDocument& d : documents) {
    auto filled = expand_prompt(prompt_name, *parts, d.metadata, d.name);
    if (!filled) return std::unexpected(filled.error());
    out.push_back(std::move(*filled));
  }
  return out;
}

}  // namespace core::analysis
