#include "core/territory/territory.h"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "core/sha256.h"
#include "core/territory/document_names.h"
#include "core/territory/text_check.h"
#include "core/territory/utf8.h"

namespace core::territory {
namespace fs = std::filesystem;

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return s;
}

// Replaces invalid UTF-8, recording one warning per replaced sequence (capped, then summarised).
std::string clean(std::string_view raw, const std::string& path, std::int64_t line, std::int64_t base_offset,
                  std::vector<Warning>& warnings) {
  std::vector<std::int64_t> offsets;
  std::string text = sanitize_utf8(raw, &offsets);
  constexpr std::size_t kMaxListed = 20;
  for (std::size_t i = 0; i < offsets.size() && i < kMaxListed; ++i)
    warnings.push_back({path, line, base_offset + offsets[i], "invalid UTF-8 replaced with U+FFFD"});
  if (offsets.size() > kMaxListed)
    warnings.push_back({path, line, base_offset + offsets[kMaxListed],
                        std::to_string(offsets.size() - kMaxListed) + " more invalid UTF-8 sequences replaced"});
  return text;
}

std::string too_large(std::int64_t bytes, std::int64_t limit) {
  std::string at_most = format_bytes(limit), size = format_bytes(bytes);
  if (at_most == size) at_most = std::to_string(limit) + " bytes", size = std::to_string(bytes) + " bytes";
  return "a document may be at most " + at_most + " and this one is " + size + " (ReadOptions::max_document_bytes)";
}

// Reads a whole file that passed the text sample and the size limit; refuses it if the rest of it
// turns out not to be text either.
Result<std::string> read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(ErrorCode::Io, "cannot open the territory file", path.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return fail(ErrorCode::Io, "read error", path.string());
  std::string text = ss.str();
  if (auto ok = check_text(examine_text(text, false), path.string(), true); !ok) return std::unexpected(ok.error());
  return text;
}

// Checks a single-document file before reading it: text (from a sample), and not over the limit.
Result<void> check_document_file(const fs::path& path, const ReadOptions& options) {
  if (auto text = check_text_file(path); !text) return text;
  std::error_code ec;
  const auto size = std::int64_t(fs::file_size(path, ec));
  if (ec) return fail(ErrorCode::Io, "cannot read the file's size", path.string(), ec.message());
  if (options.max_document_bytes > 0 && size > options.max_document_bytes)
    return fail(ErrorCode::InvalidInput,
                too_large(size, options.max_document_bytes) +
                    "; split it into a .jsonl with one document per line or a folder of files",
                path.string());
  return {};
}

std::string metadata_value(const nlohmann::json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return "";
  return v.dump();
}

Result<void> read_jsonl(const fs::path& path, const ReadOptions& options, Territory& t, Job& job) {
  if (auto text = check_text_file(path); !text) return text;
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(ErrorCode::Io, "cannot open the territory file", path.string());
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  job.begin("reading " + path.filename().string(), ec ? 0 : std::int64_t(size));
  std::string line;
  std::int64_t offset = 0, line_no = 0, bad_lines = 0;
  std::vector<std::int64_t> lines;  // each document's line, for its name
  // Lines are read one at a time: the file is never held whole, however long.
  while (std::getline(in, line)) {
    ++line_no;
    const std::int64_t line_offset = offset;
    offset += std::int64_t(line.size()) + 1;
    if (!job.advance(std::int64_t(line.size()) + 1)) return fail(ErrorCode::Cancelled, "cancelled");
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    const std::string where = "line " + std::to_string(line_no);
    if (options.max_document_bytes > 0 && std::int64_t(line.size()) > options.max_document_bytes) {
      ++bad_lines;
      t.warnings.push_back({path.string(), line_no, line_offset,
                            where + " skipped: " + too_large(std::int64_t(line.size()), options.max_document_bytes)});
      continue;
    }
    std::string cleaned = clean(line, path.string(), line_no, line_offset, t.warnings);
    nlohmann::json doc = nlohmann::json::parse(cleaned, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
      ++bad_lines;
      t.warnings.push_back({path.string(), line_no, line_offset, where + " is not a JSON object; skipped"});
      continue;
    }
    auto text = doc.find(options.text_field);
    if (text == doc.end() || !text->is_string()) {
      ++bad_lines;
      t.warnings.push_back({path.string(), line_no, line_offset,
                            where + " has no string field \"" + options.text_field + "\"; skipped"});
      continue;
    }
    Document d;
    d.text = text->get<std::string>();
    if (d.text.empty()) continue;  // dropped anyway; it must not take a name
    for (auto it = doc.begin(); it != doc.end(); ++it)
      if (it.key() != options.text_field) d.metadata[it.key()] = metadata_value(it.value());
    t.documents.push_back(std::move(d));
    lines.push_back(line_no);
    if (options.max_documents && std::int64_t(t.documents.size()) >= options.max_documents) break;
  }
  if (in.bad()) return fail(ErrorCode::Io, "read error", path.string());
  if (!t.documents.empty())
    if (auto named = name_documents(t.documents, lines, options.name_field, path.string()); !named) return named;
  if (t.documents.empty() && bad_lines)
    return fail(ErrorCode::InvalidInput,
                "no usable line: " + std::to_string(bad_lines) + " lines lack a string \"" + options.text_field +
                    "\" field or are not JSON",
                path.string());
  return {};
}

Result<void> read_folder(const fs::path& root, const ReadOptions& options, Territory& t, Job& job) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(root, fs::directory_options::skip_permission_denied, ec);
       it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) break;
    if (!it->is_regular_file()) continue;
    const std::string ext = lower(it->path().extension().string());
    if (ext == ".txt" || ext == ".md") files.push_back(it->path());
  }
  if (ec) return fail(ErrorCode::Io, "cannot list the folder", root.string(), ec.message());
  std::sort(files.begin(), files.end());
  if (files.empty()) return fail(ErrorCode::InvalidInput, "the folder holds no .txt or .md files", root.string());
  job.begin("reading " + root.filename().string(), std::int64_t(files.size()));
  for (const fs::path& file : files) {
    if (!job.advance(0)) return fail(ErrorCode::Cancelled, "cancelled");
    // A folder is read leniently: a file that is not text or is too large is skipped and reported.
    auto checked = check_document_file(file, options);
    Result<std::string> raw = checked ? read_all(file) : std::unexpected(checked.error());
    if (!raw) {
      if (raw.error().code != ErrorCode::InvalidInput) return std::unexpected(raw.error());
      t.warnings.push_back({file.string(), 0, -1, "skipped: " + raw.error().message});
      if (!job.advance()) return fail(ErrorCode::Cancelled, "cancelled");
      continue;
    }
    Document d;
    const fs::path rel = fs::relative(file, root);
    d.name = rel.generic_string();
    d.text = clean(*raw, file.string(), 0, 0, t.warnings);
    if (rel.has_parent_path()) d.metadata["folder"] = rel.parent_path().generic_string();
    d.metadata["extension"] = lower(file.extension().string()).substr(1);
    t.documents.push_back(std::move(d));
    if (!job.advance()) return fail(ErrorCode::Cancelled, "cancelled");
    if (options.max_documents && std::int64_t(t.documents.size()) >= options.max_documents) break;
  }
  return {};
}

std::string content_hash(const std::vector<Document>& docs) {
  Sha256 h;
  const std::string_view zero("\0", 1);
  for (const Document& d : docs) {
    h.update(d.name);
    h.update(zero);
    h.update(d.text);
    h.update(zero);
    for (const auto& [k, v] : d.metadata) {
      h.update(k);
      h.update(zero);
      h.update(v);
      h.update(zero);
    }
    h.update(std::string_view("\x1e", 1));
  }
  return h.hex();
}

}  // namespace

std::int64_t Territory::total_bytes() const {
  std::int64_t n = 0;
  for (const Document& d : documents) n += std::int64_t(d.text.size());
  return n;
}

std::vector<std::string> Territory::metadata_fields() const {
  std::set<std::string> fields;
  for (const Document& d : documents)
    for (const auto& kv : d.metadata) fields.insert(kv.first);
  return {fields.begin(), fields.end()};
}

Result<Territory> read_territory(const fs::path& path, const ReadOptions& options, Job& job) {
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (ec || !fs::exists(status)) return fail(ErrorCode::NotFound, "no such file or folder", path.string());
  Territory t;
  t.source = path.string();
  const std::string ext = lower(path.extension().string());
  Result<void> read;
  if (fs::is_directory(status)) {
    read = read_folder(path, options, t, job);
  } else if (ext == ".jsonl" || ext == ".ndjson") {
    read = read_jsonl(path, options, t, job);
  } else {
    if (auto checked = check_document_file(path, options); !checked) return std::unexpected(checked.error());
    auto raw = read_all(path);
    if (!raw) return std::unexpected(raw.error());
    job.begin("reading " + path.filename().string(), 1);
    Document d;
    d.name = path.filename().string();
    d.text = clean(*raw, path.string(), 0, 0, t.warnings);
    t.documents.push_back(std::move(d));
    job.advance();
  }
  if (!read) return std::unexpected(read.error());
  std::erase_if(t.documents, [](const Document& d) { return d.text.empty(); });
  if (t.documents.empty()) return fail(ErrorCode::InvalidInput, "the territory is empty: no document has any text", path.string());
  t.content_hash = content_hash(t.documents);
  if (t.warnings.size() > kMaxWarnings) {
    const std::size_t more = t.warnings.size() - kMaxWarnings + 1;
    t.warnings.resize(kMaxWarnings - 1);
    t.warnings.push_back({path.string(), 0, -1, std::to_string(more) + " more warnings not listed"});
  }
  return t;
}

std::string describe(const Warning& w) {
  std::string out = w.path;
  if (w.line > 0) out += ", line " + std::to_string(w.line);
  if (w.byte_offset >= 0) out += ", byte " + std::to_string(w.byte_offset);
  return out + ": " + w.message;
}

Territory from_text(std::string text, std::string name) {
  Territory t;
  t.source = name;
  Document d;
  d.name = std::move(name);
  d.text = clean(text, d.name, 0, 0, t.warnings);
  t.documents.push_back(std::move(d));
  t.content_hash = content_hash(t.documents);
  return t;
}

}  // namespace core::territory
