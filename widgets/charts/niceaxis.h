#pragma once
// Round tick steps (1, 2, 5 × 10^k) for value axes, so charts read "0, 0.5, 1.0" rather than
// "0, 0.37, 0.74"; and labels with just the decimals the step needs. Internal to widgets/charts/.
#include <QtGlobal>

QT_BEGIN_NAMESPACE
class QValueAxis;
QT_END_NAMESPACE

namespace widgets {

// Sets the axis to cover [lo, hi] rounded outwards to whole steps, about `ticks` intervals.
void setNiceRange(QValueAxis* axis, double lo, double hi, int ticks = 5);

}  // namespace widgets
