#pragma once
// Private to core/store: the columns the run's histograms count (logp, entropy, kl_bt) of one stored
// document, read a range of positions at a time through incremental blob I/O (detail::Blob), so that
// counting a run's histograms at finish_run holds one range of one document, never a long document's
// whole tracks (docs/ARCHITECTURE.md, "Long documents").
#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "core/analysis/run_result.h"
#include "core/error.h"

namespace core::store::detail {

class Connection;

// Calls `each` with the document's tracks over consecutive ranges of at most `range` positions, in
// position order; each MapTrack holds only logp, entropy and (tuned maps that have it) kl_bt. The
// rows are checked first: every map present, arrays of its positions' length; else Corrupt naming the
// file, the document and the map.
Result<void> for_each_track_range(Connection& c, std::int64_t run_id, std::int64_t doc, int maps,
                                  std::size_t range,
                                  const std::function<void(const std::vector<analysis::MapTrack>&)>& each);

}  // namespace core::store::detail
