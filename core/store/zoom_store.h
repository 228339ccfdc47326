#pragma once
// core::store::ZoomStore: zoom runs in the session (schema version 4; docs/ARCHITECTURE.md, "Session
// schema"). A zoom run refers to the unprompted run it builds on and to each prompt by the
// prompt_versions row it was computed with, so a result stays tied to the text it measured even after
// the prompt is edited.
//
// A zoom run's tracks are stored by the document's place in its run (kl_tz[p][m][d] is the run's d-th
// document): the territory's index for a whole run, the place among the run's documents for a run of
// some shards (merge_shards folds them by the documents' indices).
//
// Holds a reference to its SessionFile (which must outlive it); same thread affinity as the SessionFile.
// Every write is one transaction: on failure nothing changed.
#include <cstdint>
#include <string>
#include <vector>

#include "core/analysis/zoom_run.h"
#include "core/error.h"
#include "core/store/session_file.h"

namespace core::store {

struct ZoomListing {
  std::int64_t id = 0;
  std::int64_t run_id = 0;  // the unprompted run it builds on
  std::int64_t created_ms = 0;
  std::int64_t window = 0;
  std::int32_t batch = 0;  // windows per forward pass (schema 9); 0: recorded before it was kept
  std::vector<analysis::ZoomPrompt> prompts;
  std::vector<analysis::ZoomRow> rows;  // over the whole territory, prompt-major
};

class ZoomStore {
 public:
  explicit ZoomStore(SessionFile& session) : session_(session) {}

  // Gives every prompt without a version id the id of a prompt_versions row holding its text: an
  // existing one when some prompt of the library has had exactly that text, else a new prompt named
  // after it (its name, or its first line). Returns the ids, in order.
  Result<std::vector<std::int64_t>> prompt_versions(std::vector<analysis::ZoomPrompt>& prompts);

  // Writes the zoom run (its prompts must have version ids) with its rows over the territory.
  Result<std::int64_t> save(std::int64_t run_id, const analysis::ZoomResult& zoom,
                            const std::vector<analysis::ZoomRow>& rows);

  Result<std::vector<ZoomListing>> list(std::int64_t run_id = 0);  // 0: every zoom run, oldest first
  // Deletes a zoom run with its prompts' rows and tracks (not the prompts' library versions).
  Result<void> remove(std::int64_t zoom_id);
  // The whole zoom run, per-position KL included (aggregate it with zoom_rows over any slice).
  Result<analysis::ZoomResult> load(std::int64_t zoom_id);

 private:
  SessionFile& session_;
};

}  // namespace core::store
