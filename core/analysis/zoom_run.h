#pragma once
// core::analysis::zoom_run: many prompts zooming one base map over a territory at once
// (docs/ARCHITECTURE.md, "Zoom runs"). For every prompt P and tuned map T it measures, per scored
// position, KL(p_T(·|c) ‖ p_base(·|P ⊕ c)) and, over the territory or any slice,
// zoom_recovered = 1 − K_P / K_0.
//
// What is reused and what is new work: K_0 per position is the `kl_tb` track of an unprompted run of
// the same maps over the same territory (the `source`, read from the session), never recomputed. K_P
// needs every tuned map's whole distribution at each position, and a run stores only its top-k, so the
// tuned maps' trunks run once per zoom run (shared by every prompt); each prompt then costs one
// prompted-base pass plus the vocabulary heads of the tuned maps on its chunks.
//
// Contexts: a tuned map sees the source run's windows (W, S). The zoomed base sees P's prefix (BOS if
// the tokenizer adds one, then P's tokens) before windows of W − |prefix| document tokens (the
// document's own BOS dropped), so the context is cut from the left, never the prompt.
//
// Runs on the calling thread (a worker in the GUI); reports on `job`, stops with Cancelled when asked.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/analysis/engine.h"
#include "core/analysis/run_result.h"
#include "core/analysis/slice.h"
#include "core/error.h"
#include "core/jobs/job.h"

namespace core::analysis {

struct ZoomPrompt {
  std::int64_t version_id = 0;  // the session's prompt_versions id (0 when not stored)
  std::string name;             // shown in errors and tables
  std::string text;
};

struct ZoomSpec {
  std::vector<MapSpec> maps;        // [0] the base, then the tuned maps: the source run's maps, in order
  const RunResult* source = nullptr;  // the unprompted run: documents with tracks loaded (kl_tb)
  std::vector<ZoomPrompt> prompts;
  std::int32_t batch = 8;           // windows per forward pass
  std::int32_t threads = 0;         // OpenMP threads of this worker (core::ThreadLimit); 0 = the process's
  std::int64_t chunk_positions = 256;
};

// KL(tuned ‖ base ⊕ prompt) per scored position: kl_tz[prompt][tuned map − 1][document][position].
struct ZoomResult {
  std::vector<ZoomPrompt> prompts;
  std::vector<std::string> map_names;  // the tuned maps, in order (map index m is names[m − 1])
  std::vector<std::vector<std::vector<std::vector<float>>>> kl_tz;
  std::vector<std::int64_t> prefix_tokens;  // per prompt: BOS + prompt tokens
  std::int64_t window = 0;                  // W of the source run
  std::int32_t batch = 0;  // windows per forward pass it ran with (its batch groups); 0: not recorded (before schema 9)
};

// Checks every prompt against the base tokenizer and the window before any compute: one error naming
// the prompt that leaves no room (or is empty).
Result<std::vector<std::int64_t>> check_prompts(const model::Checkpoint& base, const std::vector<ZoomPrompt>& prompts,
                                                std::int64_t window);

Result<ZoomResult> zoom_run(const ZoomSpec& spec, Job& job = Job::silent());

// One prompt × tuned map over a set of positions.
struct ZoomRow {
  int prompt = 0;  // index into ZoomResult::prompts
  int map = 1;     // map index in the source run (1 = first tuned)
  std::int64_t tokens = 0;
  double k0 = 0, kp = 0, zoom_recovered = 0;
};

// Rows over the whole territory (slice == nullptr) or over a slice's positions, prompt-major.
// `source` gives K_0 (kl_tb tracks). Sums are in double.
std::vector<ZoomRow> zoom_rows(const ZoomResult& zoom, const RunResult& source, const PositionSet* slice = nullptr);

// The prompt that recovers most of a tuned map's KL over a group of documents.
struct BestPrompt {
  std::string group;  // document name, or the metadata value
  int map = 1;
  ZoomRow best;
};
// Per document (group = the document's name), per tuned map; over `slice`'s positions when given
// (a group the slice leaves no position in has tokens 0).
std::vector<BestPrompt> best_per_document(const ZoomResult& zoom, const RunResult& source,
                                          const PositionSet* slice = nullptr);
// Per value of a metadata field (documents without the field are left out), per tuned map.
std::vector<BestPrompt> best_per_value(const ZoomResult& zoom, const RunResult& source, const std::string& field,
                                       const PositionSet* slice = nullptr);

}  // namespace core::analysis

namespace core::analysis {

// A prompt file for a zoom run: one prompt per non-empty line (the two characters `\n` stand for a
// newline, as in a token-shift prompt file), or JSONL lines {"prompt": "...", "name": "..."} ("name"
// optional). A JSON line without a "prompt" string is an error naming the file and line.
Result<std::vector<ZoomPrompt>> read_zoom_prompts(const std::filesystem::path& path);

}  // namespace core::analysis
