#pragma once
// The parts merge_shards folds (core/store/merge.h; docs/ARCHITECTURE.md, "Sharded runs") and the checks
// that tell whether two shard sessions are parts of one run: maps, territory, settings, versions and
// the zoom runs on them. Each check gives the first difference in words, for one error that names the
// shard session and what differs. Internal to core/store; pure functions, any thread.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/analysis/run_result.h"
#include "core/analysis/zoom_run.h"
#include "core/store/token_shifts.h"

namespace core::store::detail {

// A lineage link of a shard session: the checkpoints by their key (sha256, else path).
struct ParentLink {
  std::string child, parent;
};

// One input: its sharded run with every document's tracks and projection samples, and the zoom runs
// that build on it (their tracks by the run's document places, zoom_store.h), and its lineage.
struct Part {
  std::string path;
  std::int64_t run_id = 0;
  analysis::RunResult run;
  std::vector<analysis::ZoomResult> zooms;
  std::vector<std::int64_t> zoom_ids;
  std::vector<ParentLink> parents;  // the lineage the shard session holds (schema 8)
};

// What makes two zoom runs of shards parts of one: the same prompts, in order, over the same window.
std::string zoom_key(const analysis::ZoomResult& z);

// The first zoom run one of the two parts has and the other lacks ("has …" / "lacks …"), or the first
// that both have but made with another --batch; `a` is called `reference`.
std::optional<std::string> zoom_difference(const Part& a, const Part& b, const std::string& reference);

// The first difference that makes two sharded runs impossible to fold into one, in words; none when
// they are shards of the same run. `b` is described; `a` is called `reference` ("the first shard",
// "the output's merge").
std::optional<std::string> difference(const analysis::RunResult& a, const analysis::RunResult& b,
                                      const std::string& reference);

// The first software version two shard sessions were made with that differs, in words ("<made> KEY
// 'b's' where <reference> has 'a's'", "none" where one lacks the key); none when they agree.
std::optional<std::string> versions_difference(const std::map<std::string, std::string>& a,
                                               const std::map<std::string, std::string>& b, const std::string& made,
                                               const std::string& reference);

// "shards 0,2 of 3", "token shift shard 1 of 3": what a shard session holds, for messages.
std::string shards_text(const analysis::RunResult& r);
std::string shift_shards_text(const ShiftRecord& r);

// What one input holds (a sharded run, a sharded token shift or both), for the refusal of an input
// that holds other kinds than the first.
std::string holds(bool run, bool shift);

}  // namespace core::store::detail
