#pragma once
// Which version of a library prompt a result was computed with (docs/ARCHITECTURE.md, "Prompt
// library"). Every saved edit of a prompt is kept in `prompt_versions`; a result (a zoom run, a
// sample set, a token shift) stores the version's id, so later edits never change what it refers to.
//
// Same thread affinity as the SessionFile. Reads only.
#include <cstdint>
#include <optional>
#include <string>

#include "core/error.h"
#include "core/store/session_file.h"

namespace core::store {

struct PromptVersionRef {
  std::int64_t prompt_id = 0;
  std::int64_t version_id = 0;  // a prompt_versions row
  std::string name;             // the prompt's name now
  std::string text;             // that version's text
};

// The prompt's current (newest) version: what a result computed now should refer to. NotFound, naming
// the id, when the session holds no such prompt.
Result<PromptVersionRef> current_prompt_version(SessionFile& session, std::int64_t prompt_id);

// The newest version of prompt `prompt_id` whose text is `text`, if the file holds one (a prompt whose
// edit is not saved yet has none); nullopt also when the prompt is unknown.
Result<std::optional<PromptVersionRef>> find_prompt_version(SessionFile& session, std::int64_t prompt_id,
                                                            const std::string& text);

// A version by its own id (a result's reference), whatever the prompt's text is now. NotFound when it
// was deleted with its prompt.
Result<PromptVersionRef> prompt_version(SessionFile& session, std::int64_t version_id);

}  // namespace core::store
