#pragma once
// The Map view's projection: PCA to 2-D of the base map's final hidden states at sampled positions.
#include <vector>

#include "core/analysis/run_result.h"

namespace core::analysis {

// Uses every DocumentResult's `samples`; returns empty points when there are fewer than 3 samples.
Projection project(const std::vector<DocumentResult>& documents, std::int64_t hidden_dim);

// Whether scored position `position` of `document` is sampled, at rate in [0, 1]: a hash of the seed
// and the position, so a resumed run samples the same positions.
bool sampled(std::uint64_t seed, std::int32_t document, std::int64_t position, double rate);

}  // namespace core::analysis
