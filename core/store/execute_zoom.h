#pragma once
// core::store::execute_zoom: the whole zoom-run sequence in one place, shared by the CLI's `zoom` and
// the GUI's zoom job — load the maps and the territory, find the unprompted run of these maps over
// this territory in the session (or make it: a compare run, recorded when a session is named), check
// the prompts, run analysis::zoom_run and, with a session, record the zoom run (schema 4) with every
// prompt tied to its prompt_versions row.
//
// Runs on the calling thread (a worker in the GUI); reports on `job`. Bad input (a prompt that leaves
// no room, a tokenizer mismatch) is refused before anything is written: the session is unchanged.
#include <cstdint>
#include <memory>
#include <vector>

#include "core/analysis/zoom_run.h"
#include "core/store/execute_run.h"

namespace core::store {

struct ZoomOrder {
  RunOrder run;  // the maps, the territory, settings (the prompt is ignored), the session
  std::vector<analysis::ZoomPrompt> prompts;
  // The unprompted run's every track in ExecutedZoom::source (a slice rule reads any metric). Without
  // them the source holds only each map's kl_tb, what rows and best prompts read: the other arrays
  // (about 110 bytes per position and map at top-k 10) are never all in memory, and a run the zoom
  // records streams its long documents (docs/ARCHITECTURE.md, "Long documents").
  bool keep_source_tracks = false;
};

struct ExecutedZoom {
  std::int64_t zoom_id = 0;  // 0 when not recorded
  std::int64_t run_id = 0;   // the unprompted run it builds on (0 when not recorded)
  bool reused_run = false;   // the unprompted run was found in the session, not recomputed
  std::shared_ptr<const analysis::RunResult> source;  // with tracks (only kl_tb unless keep_source_tracks)
  analysis::ZoomResult zoom;
  std::vector<analysis::ZoomRow> rows;  // over the territory
  std::vector<std::string> session_warnings;
  double source_seconds = 0, zoom_seconds = 0;  // measured: the unprompted run (0 when reused), the zoom
};

Result<ExecutedZoom> execute_zoom(const ZoomOrder& order, Job& job = Job::silent());

}  // namespace core::store
