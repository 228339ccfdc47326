#pragma once
// core::store conversions from what the other layers load into the session's records, so that the
// CLI and the GUI can write `catalog.add_checkpoint(checkpoint_record(checkpoint.info))` and
// `writer.begin_run(header, territory_record(territory))`. Pure functions; safe from any thread.
#include "core/analysis/run_result.h"
#include "core/store/records.h"

namespace core::model {
struct CheckpointInfo;
}
namespace core::territory {
struct Territory;
}

namespace core::store {

// With every weight file's sha256. `name` defaults to the file or folder name of the path.
CheckpointRecord checkpoint_record(const model::CheckpointInfo& info, MapRole role = MapRole::Tuned,
                                   std::string name = {});
CheckpointRecord checkpoint_record(const analysis::MapInfo& map);
// Documents are numbered in order; byte lengths are the texts' UTF-8 sizes.
TerritoryRecord territory_record(const territory::Territory& territory);

}  // namespace core::store
