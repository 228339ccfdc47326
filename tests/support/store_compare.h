#pragma once
// testsupport round-trip comparison of core::store: does a RunResult read back from a session equal the one written,
// on every field the session stores? For tests (ours and the lead's end-to-end `compare --session`).
//
// Floats and doubles must match exactly (NaN matches NaN), except the two fields stored as float16:
// top-k probabilities and projection samples match when they round to the same float16.
// DocumentResult::maps is compared only when both sides have tracks (load_run leaves them empty),
// samples only when `samples` is set. Pure functions; safe from any thread.
#include <string>

#include "core/analysis/run_result.h"

namespace testsupport {

struct CompareOptions {
  bool tracks = true;    // compare DocumentResult::maps when both sides have them
  bool samples = false;  // compare projection samples (load_run loads them only when asked)
};

// Empty when equal; otherwise the first difference in words, e.g.
// "documents[3].maps[1].kl_bt[17]: 0.25 != 0.2501".
std::string first_difference(const core::analysis::RunResult& written, const core::analysis::RunResult& read,
                             const CompareOptions& options = {});
std::string first_difference(const core::analysis::MapTrack& written, const core::analysis::MapTrack& read);

// Stricter, for results that must be bit-identical (a resumed or streamed run against an uninterrupted
// one): empty when every array of the two tracks, top_p included, and the temperature sums hold the
// same bits; otherwise the name of the first that differs ("kl_bt", "temperature_stats").
std::string first_bit_difference(const core::analysis::MapTrack& a, const core::analysis::MapTrack& b);

}  // namespace testsupport
