#pragma once
// The colour of each map (checkpoint) wherever maps are drawn side by side: charts, legends, the
// token strip's row labels. Okabe–Ito, distinguishable with colour-vision deficiencies; the base is
// always a neutral mid grey so tuned maps stand out against it.
#include <QColor>

namespace widgets {

// `map`: index in the run's maps (0 = base).
inline QColor mapColor(int map) {
  static const QRgb tuned[] = {0xE69F00, 0x0072B2, 0x009E73, 0xD55E00, 0xCC79A7, 0x56B4E9, 0x8C6D31, 0x7F7F7F};
  if (map <= 0) return QColor(0x80, 0x80, 0x80);  // reads on light and dark backgrounds
  return QColor::fromRgb(tuned[(map - 1) % 8]);
}

}  // namespace widgets
