#pragma once
// The GUI's side of slices: the definitions, their JSON and their evaluation are core's
// (core/analysis/slice.h); this adds what only a person reading the GUI needs, a translated one-line
// description. Plain functions: callable from any thread.
#include <QString>

#include "core/analysis/slice.h"
#include "widgets/display/metric.h"

namespace widgets {

using SliceDefinition = core::analysis::SliceDefinition;
using PositionSet = core::analysis::PositionSet;

// One line a user reads in a list: "KL(base ‖ map) (nats) of sft > 0.5" (translated).
QString describeSlice(const SliceDefinition& definition);

}  // namespace widgets
