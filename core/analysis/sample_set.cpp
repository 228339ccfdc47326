#include "core/analysis/sample_set.h"

namespace core::analysis {

const char* to_string(ColumnKind kind) {
  switch (kind) {
    case ColumnKind::Base: return "base";
    case ColumnKind::Zoomed: return "zoomed";
    case ColumnKind::Tuned: return "tuned";
    case ColumnKind::Amplified: return "amplified";
  }
  return "base";
}

std::optional<ColumnKind> column_kind(std::string_view text) {
  for (ColumnKind k : {ColumnKind::Base, ColumnKind::Zoomed, ColumnKind::Tuned, ColumnKind::Amplified})
    if (text == to_string(k)) return k;
  return std::nullopt;
}

}  // namespace core::analysis
