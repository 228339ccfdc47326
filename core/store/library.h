#pragma once
// core::store::Library: what the user keeps in a session besides runs — a prompt library whose every
// edit is kept as a version, named slices (their definition is the GUI's JSON, opaque here),
// annotations pinned to token spans of a territory's documents (they reference no run, so they survive
// recomputing or deleting runs), and view state (key -> JSON) to reopen where the user left off.
//
// Holds a reference to its SessionFile (which must outlive it); same thread affinity as the SessionFile.
// Every write is one transaction: on failure nothing changed.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/store/records.h"
#include "core/store/session_file.h"

namespace core::store {

class Library {
 public:
  explicit Library(SessionFile& session) : session_(session) {}

  // Creates the prompt, or adds a version when `text` differs from its current text. Returns the
  // prompt with its whole history.
  Result<PromptRecord> save_prompt(const std::string& name, const std::string& text);
  Result<std::optional<PromptRecord>> prompt(const std::string& name);
  Result<std::vector<PromptRecord>> prompts();  // by name
  Result<void> rename_prompt(std::int64_t id, const std::string& name);
  Result<void> delete_prompt(std::int64_t id);

  // Creates the slice, or replaces the definition of the slice with that name. `definition_json` must
  // be valid JSON.
  Result<SliceRecord> save_slice(const std::string& name, const std::string& definition_json);
  Result<std::vector<SliceRecord>> slices();  // by name
  Result<void> delete_slice(std::int64_t id);

  // [span_start, span_end) are token positions of the document; the territory and document must exist.
  Result<AnnotationRecord> add_annotation(std::int64_t territory_id, std::int64_t document_index,
                                          std::int64_t span_start, std::int64_t span_end,
                                          const std::string& note);
  Result<void> update_annotation(std::int64_t id, const std::string& note);
  Result<void> delete_annotation(std::int64_t id);
  Result<std::vector<AnnotationRecord>> annotations(std::int64_t territory_id);
  Result<std::vector<AnnotationRecord>> annotations(std::int64_t territory_id, std::int64_t document_index);

  // `json` must be valid JSON.
  Result<void> set_view_state(const std::string& key, const std::string& json);
  Result<std::optional<std::string>> view_state(const std::string& key);
  Result<void> erase_view_state(const std::string& key);

 private:
  SessionFile& session_;
};

}  // namespace core::store
