#pragma once
// Numbers and summary fields as text for item models, legends and charts: the field table's
// translated labels (context "Field", marked in core/analysis/fields.cpp) and its formats in the
// user's locale. No widgets, so item models include it without pulling in a view. Pure functions:
// callable from any thread.
#include <QString>

#include "core/analysis/fields.h"

namespace widgets {

using core::analysis::SummaryField;

// The field's column title, its longer name for a chart, its one-sentence description (translated).
QString fieldLabel(const SummaryField& field);
QString fieldTitle(const SummaryField& field);
QString fieldDescription(const SummaryField& field);
// The value per the field's format: counts with the locale's grouping, "+" on positive deltas,
// shares as "12.3 %"; "—" for NaN (where the field does not apply).
QString formatField(const SummaryField& field, double value);

// A short number for legends and axes: 3 significant digits, no exponent for common magnitudes.
QString formatValue(double value);

}  // namespace widgets
