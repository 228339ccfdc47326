#pragma once
// core::store records: the plain values the session's repositories take and return. Times are unix
// milliseconds (UTC); ids are the session's own row ids (stable for the life of the file).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/analysis/run_result.h"

namespace core::store {

using analysis::MapRole;

// "base", "tuned", "zoomed" (how roles are spelled in the file), and back.
const char* role_name(MapRole role);
std::optional<MapRole> role_from_name(const std::string& name);

struct WeightFileRecord {
  std::string path;
  std::string sha256;  // hex
  std::int64_t bytes = 0;
};

// A checkpoint (map) known to the session, whatever runs it took part in.
struct CheckpointRecord {
  std::int64_t id = 0;       // assigned by the session
  std::string name;          // display name (the user may rename it)
  std::string path;          // where it was last loaded from
  std::string format;        // "hf-safetensors", "llama2c", "torchscript"
  std::string architecture;
  std::string dtype;
  std::string sha256;        // identifies the checkpoint: adding the same sha256 twice finds the first
  std::int64_t parameters = 0;
  std::int64_t vocab_size = 0;
  std::int64_t context_length = 0;
  std::string config_json;
  std::vector<WeightFileRecord> weights;
  MapRole role = MapRole::Tuned;   // the user's lineage: base or tuned
  std::int32_t lineage_order = 0;  // the user's order (base first, then descendants)
  std::int64_t parent_id = 0;      // the checkpoint it was tuned from, as the user set it (schema 8); 0 = not set
  std::string notes;
  std::int64_t added_ms = 0;
};

struct DocumentRecord {
  std::int64_t index = 0;  // position in the territory
  std::string name;
  std::int64_t byte_length = 0;  // UTF-8 bytes of text
  std::map<std::string, std::string> metadata;
  std::string text;  // empty in listings (Catalog::documents); see Catalog::document_text
};

// What reading a territory warned about (core/territory's Warning), stored with it (schema 6).
struct TerritoryWarning {
  std::string path;
  std::int64_t line = 0;          // 1-based, 0 when not applicable
  std::int64_t byte_offset = -1;  // -1 when not applicable
  std::string message;
};

// A territory: the documents a run measures maps against. Deduplicated by content_hash.
struct TerritoryRecord {
  std::int64_t id = 0;  // assigned by the session
  std::string source;
  std::string content_hash;
  std::vector<DocumentRecord> documents;
  std::int64_t document_count = 0;  // filled by the session on reading (documents may be left empty)
  std::int64_t bytes = 0;           // likewise
  std::int64_t added_ms = 0;
  std::vector<TerritoryWarning> warnings;  // in reading order; read back with the territory
};

enum class RunStatus { Running, Interrupted, Cancelled, Failed, Complete };
const char* to_string(RunStatus status);  // "running", "interrupted", ...
std::optional<RunStatus> run_status_from_name(const std::string& name);

// One line of the run list: read without touching any per-document data.
struct RunListing {
  std::int64_t id = 0;
  RunStatus status = RunStatus::Running;
  std::string prompt;
  std::int64_t territory_id = 0;
  std::string territory_source;
  std::int64_t documents_total = 0;  // documents in the territory
  std::int64_t documents_done = 0;   // committed so far
  std::vector<std::string> map_names;  // in map order: base first
  std::vector<MapRole> map_roles;
  std::int64_t window = 0, stride = 0;
  std::int64_t created_ms = 0;
  std::int64_t finished_ms = 0;  // 0 while running or when interrupted
  // A sharded run (schema 7): the territory cut into shard_count slices, of which the run holds
  // shards_present (ascending). shard_count 0: an ordinary run.
  std::int64_t shard_count = 0;
  std::vector<std::int64_t> shards_present;
};

struct PromptVersion {
  std::int64_t id = 0;
  std::string text;
  std::int64_t created_ms = 0;
};

// A named prompt of the library; every saved edit is kept as a version (oldest first).
struct PromptRecord {
  std::int64_t id = 0;
  std::string name;
  std::int64_t created_ms = 0;
  std::vector<PromptVersion> versions;  // never empty; back() is the current text
  std::vector<std::string> tags;        // the user's labels, in their order
  std::string note;                     // the user's annotation
};

// A named selection of positions; its definition (threshold, metadata, regex, lasso) is the GUI's JSON.
struct SliceRecord {
  std::int64_t id = 0;
  std::string name;
  std::string definition_json;
  std::int64_t created_ms = 0;
  std::int64_t modified_ms = 0;
};

// A note pinned to a span of a territory's document: [text_start, text_end) bytes of the document's
// UTF-8 text (schema 8), from which each run derives its own tokens (core/analysis/text_anchor.h). It
// refers to no run, so it survives recomputing or deleting runs. [span_start, span_end) are token
// indices (BOS at 0) of the tokenization it was made under; a note from before schema 8 that no run
// could convert has only those (text_start = -1: token-anchored).
struct AnnotationRecord {
  std::int64_t id = 0;
  std::int64_t territory_id = 0;
  std::int64_t document_index = 0;
  std::int64_t span_start = 0;
  std::int64_t span_end = 0;
  std::int64_t text_start = -1;
  std::int64_t text_end = -1;
  std::string note;
  std::int64_t created_ms = 0;
  std::int64_t modified_ms = 0;
};

}  // namespace core::store
