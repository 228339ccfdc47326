#pragma once
// The digest the Overview and Lineage views present: computed by core (core/analysis/digest.h) on
// the Session's worker; the views only read it.
#include "core/analysis/digest.h"
#include "widgets/overview/slice.h"

namespace widgets {

using RunDigest = core::analysis::RunDigest;

}  // namespace widgets
