#pragma once
// The token-shift half of merge_shards (core/store/merge.h; docs/ARCHITECTURE.md, "Sharded runs"):
// reading the one sharded token shift of a session, the first difference that keeps two shards of
// shifts apart, and folding them into one record. Internal to core/store; same thread affinity as the
// SessionFile.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/store/merge.h"
#include "core/store/session_file.h"
#include "core/store/token_shifts.h"

namespace core::store::detail {

// One input's sharded shift (or the output's earlier merge of one), with the file it came from.
struct ShiftPart {
  std::string path;
  ShiftRecord record;
};

// The one sharded token shift (shard_count > 0) of a session, or nullopt when it has none; an error
// naming the file when it holds several, or a shift whose prompts do not fit its prompt set.
Result<std::optional<ShiftRecord>> sharded_shift(SessionFile& session);

// The first difference that keeps `b` and `a` from being shards of one token shift, in words ("has
// --max-new-tokens 16 where the first shard has 8"); `a` is called `reference`.
std::optional<std::string> shift_difference(const ShiftRecord& a, const ShiftRecord& b, const std::string& reference);

// Refuses `part` (an error naming its session and the difference) unless it is a shard of the same
// token shift as `first`.
Result<void> check_shift_part(const ShiftPart& first, const ShiftPart& part);

// The output's own sharded token shift (an earlier, partial merge), when it has one; refused (naming
// `first`'s session and the difference) when it is a merge of another token shift.
Result<std::optional<ShiftPart>> earlier_shift(SessionFile& output, const std::filesystem::path& out,
                                               const ShiftPart& first);

// The shifts folded into one: every prompt once, by its place in the prompt set (the earlier merge's
// first, then the parts' in the order given), counts made again from the base ranks, the shards
// present with the session each came from.
struct ShiftFold {
  ShiftRecord merged;
  std::int64_t replace_id = 0;       // the output's earlier merge, which keeps its id (0: a new shift)
  std::vector<std::int64_t> added;   // shards brought in by this merge, ascending
  std::vector<std::int64_t> missing;  // ascending
};
ShiftFold fold_shifts(const std::optional<ShiftPart>& earlier, const std::vector<ShiftPart>& parts);

// What the fold brings, for MergeReport (shift_id: the earlier merge's, 0 for a new shift).
ShiftMergeReport shift_report(const ShiftFold& fold);

// Writes the fold (inside the caller's transaction); returns the merged shift's id.
Result<std::int64_t> write_shift_fold(SessionFile& session, const ShiftFold& fold);

}  // namespace core::store::detail
