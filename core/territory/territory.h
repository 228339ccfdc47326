#pragma once
// core::territory: the ground truth a run measures maps against, read from a `.txt` file (one
// document), a `.jsonl` file (one document per line: `text` plus metadata fields kept for slicing) or a
// folder of `.txt`/`.md` files (the file's folder-relative path is its name; the parent folder is a
// `folder` metadata field). Invalid UTF-8 is replaced with U+FFFD and reported with its byte offset.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/jobs/job.h"

namespace core::territory {

struct Document {
  std::string name;                            // file name; JSONL: see document_names.h
  std::string text;                            // valid UTF-8
  std::map<std::string, std::string> metadata;  // JSONL fields other than `text`, as strings
};

struct Warning {
  std::string path;
  std::int64_t line = 0;          // 1-based line in the file, 0 when not applicable
  std::int64_t byte_offset = -1;  // where in the file, -1 when not applicable
  std::string message;
};

// "corpus.jsonl, line 3, byte 120: invalid UTF-8 replaced with U+FFFD": how a warning is shown.
std::string describe(const Warning& warning);

// At most this many warnings are kept per territory; the rest are counted in one last warning.
inline constexpr std::size_t kMaxWarnings = 200;

struct Territory {
  std::string source;                // the path it was read from
  std::string content_hash;          // sha256 over the documents' names, texts and metadata
  std::vector<Document> documents;
  std::vector<Warning> warnings;     // replaced invalid UTF-8, skipped lines and files
  std::int64_t total_bytes() const;
  // Every metadata field that appears in any document, sorted.
  std::vector<std::string> metadata_fields() const;
};

struct ReadOptions {
  std::string text_field = "text";  // JSONL: the field holding the document text
  // JSONL: the field naming each document; empty guesses `name`, `title`, `id`, else the text's first
  // words (core/territory/document_names.h).
  std::string name_field;
  std::int64_t max_documents = 0;   // 0 = all
  // A document's UTF-8 bytes at most (a plain file's size, a JSONL line's, a folder file's); 0 = no
  // limit. Default 16 MiB: far past any map's context, and a run keeps a document's tokens in memory.
  std::int64_t max_document_bytes = 16ll << 20;
};

// An empty territory (no document with any text) is an error.
Result<Territory> read_territory(const std::filesystem::path& path, const ReadOptions& options = {},
                                 Job& job = Job::silent());

// A territory from in-memory text (the CLI's `--text`).
Territory from_text(std::string text, std::string name = "text");

}  // namespace core::territory
