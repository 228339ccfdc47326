#include "core/analysis/run_result.h"

#include <cmath>

namespace core::analysis {

double temperature_grid_beta(int j) { return std::exp2((j - (kTemperatureGrid - 1) / 2) / 2.0); }

const char* to_string(MapRole role) {
  switch (role) {
    case MapRole::Base: return "base";
    case MapRole::Tuned: return "tuned";
    case MapRole::Zoomed: return "zoomed";
  }
  return "tuned";
}

int RunResult::zoomed_index() const {
  for (std::size_t i = 0; i < maps.size(); ++i)
    if (maps[i].role == MapRole::Zoomed) return int(i);
  return -1;
}

}  // namespace core::analysis
