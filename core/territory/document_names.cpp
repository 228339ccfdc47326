#include "core/territory/document_names.h"

#include <map>

namespace core::territory {

namespace {

bool is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// The longest prefix of `s` of at most `max_bytes` bytes that ends on a UTF-8 character boundary.
std::size_t boundary_at_most(std::string_view s, std::size_t max_bytes) {
  if (s.size() <= max_bytes) return s.size();
  std::size_t n = max_bytes;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return n;
}

const std::string* field(const Document& d, const std::string& key) {
  const auto it = d.metadata.find(key);
  return it == d.metadata.end() || it->second.empty() ? nullptr : &it->second;
}

}  // namespace

std::string first_words(std::string_view text, std::size_t max_words, std::size_t max_bytes) {
  std::string out;
  std::size_t words = 0, i = 0;
  bool cut = false;
  while (i < text.size()) {
    while (i < text.size() && is_space(static_cast<unsigned char>(text[i]))) ++i;
    if (i == text.size()) break;
    std::size_t end = i;
    while (end < text.size() && !is_space(static_cast<unsigned char>(text[end]))) ++end;
    if (words == max_words) {
      cut = true;
      break;
    }
    if (!out.empty()) out += ' ';
    out.append(text.substr(i, end - i));
    ++words;
    i = end;
  }
  if (out.size() > max_bytes) {
    out.resize(boundary_at_most(out, max_bytes));
    while (!out.empty() && out.back() == ' ') out.pop_back();
    cut = true;
  }
  if (cut && !out.empty()) out += "…";
  return out;
}

Result<void> name_documents(std::vector<Document>& documents, const std::vector<std::int64_t>& lines,
                            const std::string& name_field, const std::string& file) {
  bool field_seen = name_field.empty();
  for (std::size_t i = 0; i < documents.size(); ++i) {
    Document& d = documents[i];
    const std::string* given = nullptr;
    if (!name_field.empty()) {
      given = field(d, name_field);
      field_seen = field_seen || given;
    } else {
      for (const char* guess : {"name", "title", "id"})
        if ((given = field(d, guess))) break;
    }
    d.name = given ? first_words(*given, 32, 120) : first_words(d.text);
    if (d.name.empty()) d.name = "line " + std::to_string(lines[i]);
  }
  if (!field_seen)
    return fail(ErrorCode::InvalidInput, "no line has the field \"" + name_field + "\" chosen to name the documents",
                file);
  std::map<std::string, int> uses;
  for (const Document& d : documents) ++uses[d.name];
  for (std::size_t i = 0; i < documents.size(); ++i)
    if (uses[documents[i].name] > 1) documents[i].name += " (line " + std::to_string(lines[i]) + ")";
  return {};
}

}  // namespace core::territory
