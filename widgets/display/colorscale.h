#pragma once
// widgets::ColorScale: how a metric value becomes a colour in the token strip, the projection and their
// legends. One diverging palette (ColorBrewer RdBu, readable with the common colour-vision
// deficiencies): signed metrics use both halves around a white 0 (red = below 0, where the map lost
// probability or collapsed); non-negative metrics use the white-to-red half. Rank is scaled on log10.
// On a dark background the neutral middle is dark instead of white, so that large values, not
// ordinary ones, are what catches the eye.
// A value type; cheap to copy; any thread.
#include <QColor>
#include <QString>
#include <array>

#include "widgets/display/metric.h"

namespace widgets {

class ColorScale {
 public:
  ColorScale() = default;
  // `extent`: the magnitude drawn at full colour (values beyond are clamped).
  ColorScale(Metric metric, double extent, bool darkBackground = false);

  QRgb color(float value) const;  // NaN: a neutral grey; beyond the range: the end colour
  // Where a finite value lies beyond the range, so its colour (the end colour) understates it:
  // -1 below low(), +1 above high(), 0 inside (and for NaN).
  int clipped(float value) const;
  Metric metric() const { return metric_; }
  bool darkBackground() const { return dark_; }
  bool isSigned() const { return signed_; }
  // The value range the legend spans: [-extent, extent] or [0 (1 for rank), extent].
  double low() const;
  double high() const { return extent_; }
  // Position of `value` along the legend, 0..1.
  double fraction(double value) const;
  // The value at a legend position, 0..1.
  double valueAt(double fraction) const;

  static QRgb missingColor() { return qRgb(190, 190, 190); }

 private:
  Metric metric_ = Metric::DeltaLogp;
  double extent_ = 1;
  bool signed_ = true;
  bool log_ = false;
  bool dark_ = false;
  std::array<QRgb, 256> lut_{};
};

}  // namespace widgets
