#pragma once
// Private to the engine (engine_run.cpp): a document's tracks as the engine allocates them, and taking
// back the parts an interrupted run committed (analysis/document_part.h).
#include <cstdint>
#include <map>
#include <span>

#include "core/analysis/document_part.h"
#include "core/analysis/engine.h"
#include "core/analysis/windows.h"

namespace core::analysis {

// Sizes `doc`'s tracks to its scored positions with the arrays each of the run's maps has.
void allocate_tracks(DocumentResult& doc, const RunPlan& plan, std::int32_t top_k, bool zoom);

// Sizes them to hold `held` positions (from doc.tracks_from on): a streamed document's.
void hold_tracks(DocumentResult& doc, const RunPlan& plan, std::int32_t top_k, bool zoom, std::size_t held);

// Drops the first `count` positions the tracks hold (committed and summed): tracks_from moves on.
void drop_held_positions(DocumentResult& doc, std::size_t count);

// The window of `group` (its windows in scoring order) to continue at, given the parts committed for
// its documents: the newest part's `group_windows` when every document's part is exactly the prefix
// those windows score (and has the arrays this run makes), else 0 (the group is scored from its start).
// `restored` receives the scored positions the parts hold.
std::int64_t resume_window(std::span<const Window> group, std::int64_t batch,
                           const std::map<std::int64_t, PartialDocument*>& parts, const RunPlan& plan,
                           std::int32_t top_k, bool zoom, std::int64_t& restored);

// Copies a part into `doc`'s tracks and samples (checked by resume_window); they hold its positions.
void restore_part(DocumentResult& doc, const PartialDocument& part);

}  // namespace core::analysis
