#pragma once
// core::store::save_edits: the user's edits of a session (its lineage of checkpoints, prompts, slices,
// annotations and view state) written in ONE transaction, addressed by the store's own ids. This is the
// only way the GUI's document is written back: nothing is matched by name or path, so renaming two
// things or removing one is never mistaken for something else. On failure nothing changed.
//
// The edits are the state the user left each list in plus what they removed since the file was last
// read or saved: rows the caller never saw (a run recorded meanwhile added a checkpoint) are left alone.
// An entry whose id the file does not hold (0, a caller's provisional id, or a row removed since) is
// added, and SavedEdits says which store id it got.
//
// Removing a checkpoint takes it out of the session's lineage (Catalog::checkpoints no longer lists
// it). When no run refers to it, its row is deleted; when runs do, the row is kept, marked removed, so
// those runs still open with their maps' names, hashes and weights (docs/ARCHITECTURE.md, "Session
// schema"). Adding the same checkpoint again (by sha256, or by path when it has none) brings it back.
//
// Same thread affinity as the SessionFile.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/store/records.h"
#include "core/store/session_file.h"

namespace core::store {

struct CheckpointEdit {
  std::int64_t id = 0;  // the store's id; 0 or unknown: added (found by sha256, else by path)
  std::string name;     // must not be empty
  std::string path;
  std::string format;
  std::string sha256;
  MapRole role = MapRole::Tuned;  // Base or Tuned
  std::string notes;
  // The checkpoint it was tuned from (schema 8): a store id, or the provisional id of a checkpoint added
  // in the same save; 0 = not set. One that is neither, or that would close a cycle, is refused.
  std::int64_t parent_id = 0;
};

struct PromptEdit {
  std::int64_t id = 0;  // 0 or unknown: added
  std::string name;     // unique among the session's prompts
  std::string text;     // a new version is kept when it differs from the current text
  std::vector<std::string> tags;
  std::string note;
  // Every earlier text the user gave the prompt, oldest first (the versions the file holds, then
  // those of edits since). Texts past what the file holds are kept as versions before `text`, so
  // every edit's text survives a save; when the history no longer extends the file's (an undo after
  // a save), only `text` is added, and nothing the file holds is ever dropped.
  std::vector<std::string> history;
};

struct SliceEdit {
  std::int64_t id = 0;  // 0 or unknown: added
  std::string name;     // unique among the session's slices
  std::string definition_json;
};

struct AnnotationEdit {
  std::int64_t id = 0;  // 0 or unknown: added
  std::string territory_hash;  // the territory's content hash (NotFound when the session has none)
  std::int64_t document_index = 0;
  std::int64_t span_start = 0, span_end = 0;  // token indices, as in AnnotationRecord
  std::int64_t text_start = -1, text_end = -1;  // bytes of the document text; -1: token-anchored only
  std::string note;
};

struct SessionEdits {
  std::vector<CheckpointEdit> checkpoints;  // every checkpoint kept, in the user's lineage order
  std::vector<std::int64_t> removed_checkpoints;
  std::vector<PromptEdit> prompts;
  std::vector<std::int64_t> removed_prompts;
  std::vector<SliceEdit> slices;
  std::vector<std::int64_t> removed_slices;
  std::vector<AnnotationEdit> annotations;
  std::vector<std::int64_t> removed_annotations;
  std::map<std::string, std::string> view_state;  // key -> JSON, written over what was there
};

// For every entry that was added: the id it was given -> the store's id.
struct SavedEdits {
  std::map<std::int64_t, std::int64_t> checkpoints, prompts, slices, annotations;
};

Result<SavedEdits> save_edits(SessionFile& session, const SessionEdits& edits);

}  // namespace core::store
